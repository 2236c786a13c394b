/* Download names: a user's file name becomes a safe, short, valid UTF-8 name (never a path), and
 * the Content-Disposition value that carries it (RFC 6266 with the RFC 8187 filename* form). */
#include <stdint.h>
#include <string.h>

#include "blob.h"

#define EXT_MAX 16 /* bytes of an extension kept whole when a long name is cut */

/* Decodes one UTF-8 character at s (n >= 1 bytes left). Returns its length, 0 when the bytes are
 * not a valid, shortest-form encoding of a scalar value. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters a download name never keeps: controls (C0, DEL, C1), zero-width and direction
 * marks, and the bidi embeddings and isolates that make "gpj.exe" look like "exe.jpg". */
static int char_dropped(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* Appends the kept characters of s[0..n) to out (*len bytes used, at most cap); characters
 * Windows forbids in names become '_'. Stops at the first character that does not fit. */
static void clean_append(const char *s, size_t n, char *out, size_t *len, size_t cap)
{
	size_t i = 0;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_next((const unsigned char *)s + i, n - i, &c);
		if (!l) { /* an invalid byte: drop it and resynchronise */
			i++;
			continue;
		}
		if (!char_dropped(c)) {
			if (c < 0x80 && strchr("<>:\"|?*", (int)c)) {
				if (*len + 1 > cap)
					return;
				out[(*len)++] = '_';
			} else {
				if (*len + l > cap)
					return;
				memcpy(out + *len, s + i, l);
				*len += l;
			}
		}
		i += l;
	}
}

static void trim_trailing(char *s, size_t *len)
{
	while (*len > 0 && (s[*len - 1] == '.' || s[*len - 1] == ' '))
		(*len)--;
}

size_t blob_filename_sanitise(const char *name, char *out, size_t outsz)
{
	const char *base = name ? name : "", *dot;
	char ext[EXT_MAX + 1];
	size_t extlen = 0, len = 0, cap, skip = 0;
	if (outsz < 8) {
		if (outsz)
			out[0] = '\0';
		return 0;
	}
	for (const char *q = base; *q; q++) /* names are never paths */
		if (*q == '/' || *q == '\\')
			base = q + 1;
	cap = outsz - 1 < BLOB_FILENAME_MAX ? outsz - 1 : BLOB_FILENAME_MAX;
	/* keep a short extension whole, so a long name is cut in its stem */
	dot = strrchr(base, '.');
	if (dot && dot != base && strlen(dot) <= EXT_MAX) {
		clean_append(dot, strlen(dot), ext, &extlen, EXT_MAX);
		trim_trailing(ext, &extlen);
		if (extlen <= 1 || extlen >= cap / 2) { /* nothing left, or no room: plain stem */
			extlen = 0;
			dot = NULL;
		}
	} else {
		dot = NULL;
	}
	clean_append(base, dot ? (size_t)(dot - base) : strlen(base), out, &len, cap - extlen);
	while (skip < len && (out[skip] == '.' || out[skip] == ' ')) /* no hidden files */
		skip++;
	memmove(out, out + skip, len - skip);
	len -= skip;
	trim_trailing(out, &len);
	if (len == 0) {
		memcpy(out, "berkas", 6);
		len = 6;
	}
	if (len + extlen <= cap) {
		memcpy(out + len, ext, extlen);
		len += extlen;
	}
	out[len] = '\0';
	return len;
}

/* attr-char of RFC 8187: the bytes filename* may carry unencoded */
static int attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

char *blob_content_disposition(struct arena *a, int inline_disp, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *kind = inline_disp ? "inline" : "attachment";
	char clean[BLOB_FILENAME_MAX + 1];
	size_t n, o = 0, e = 0;
	char *ascii, *enc;
	if (!name)
		return arena_strdup(a, kind);
	n = blob_filename_sanitise(name, clean, sizeof clean);
	ascii = arena_alloc(a, n + 1);
	enc = arena_alloc(a, 3 * n + 1);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)clean[i];
		/* clean is valid UTF-8: the lead byte gives the length */
		size_t l = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		/* the quoted fallback: printable ASCII without quote, backslash or percent (some
		 * browsers decode %xx there); one '_' per other character */
		ascii[o++] =
		    (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') ? (char)c : '_';
		for (size_t k = 0; k < l && i + k < n; k++) {
			unsigned char b = (unsigned char)clean[i + k];
			if (attr_char(b)) {
				enc[e++] = (char)b;
			} else {
				enc[e++] = '%';
				enc[e++] = hex[b >> 4];
				enc[e++] = hex[b & 15];
			}
		}
		i += l;
	}
	ascii[o] = '\0';
	enc[e] = '\0';
	return arena_sprintf(a, "%s; filename=\"%s\"; filename*=UTF-8''%s", kind, ascii, enc);
}
