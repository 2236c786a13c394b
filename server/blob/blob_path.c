/* Blob names and where they live: name and media type validation, and the on-disk layout
 * <data_dir>/blobs/<aa>/<bb>/<sha256> (two levels of 256 directories keep each one small). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "blob.h"
#include "blob_internal.h"
#include "config.h"

int blob_sha256_valid(const char *s)
{
	if (!s)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0; /* also stops at the NUL of a short string */
	return s[64] == '\0';
}

/* restricted-name-chars of RFC 6838 §4.2 */
static int restricted_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&-^_.+", c));
}

/* One restricted-name at s: first char alphanumeric; returns its length (0 when none). */
static size_t restricted_name(const char *s)
{
	size_t n = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	      (s[0] >= '0' && s[0] <= '9')))
		return 0;
	while (restricted_char(s[n]))
		n++;
	return n;
}

int blob_content_type_valid(const char *s)
{
	size_t a, b;
	if (!s || strlen(s) >= BLOB_CONTENT_TYPE_MAX)
		return 0;
	a = restricted_name(s);
	if (!a || s[a] != '/')
		return 0;
	b = restricted_name(s + a + 1);
	return b && s[a + 1 + b] == '\0';
}

int blob_root_path(const struct app *app, char *out, size_t outsz)
{
	int n = snprintf(out, outsz, "%s/blobs", app->cfg->data_dir);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int blob_dir_path(const struct app *app, const char *sha256, int upto, char *out, size_t outsz)
{
	int n = upto >= 2 ? snprintf(out, outsz, "%s/blobs/%.2s/%.2s", app->cfg->data_dir, sha256,
				     sha256 + 2)
			  : snprintf(out, outsz, "%s/blobs/%.2s", app->cfg->data_dir, sha256);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int blob_file_path(const struct app *app, const char *sha256, char *out, size_t outsz)
{
	int n = snprintf(out, outsz, "%s/blobs/%.2s/%.2s/%s", app->cfg->data_dir, sha256,
			 sha256 + 2, sha256);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
