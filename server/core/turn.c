/* STUN/TURN settings and TURN REST credentials: the ice_urls list is checked here (at start and by
 * check-config), the shared secret is read from its file once, and credentials are minted as
 * coturn's use-auth-secret expects them. */
#include "turn.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* host = DNS name | IPv4 | "[" IPv6 "]" over [p, end); returns the end of the host or NULL. */
static const char *host_end(const char *p, const char *end)
{
	const char *s = p;
	if (p < end && *p == '[') {
		for (p++; p < end && (is_hex(*p) || *p == ':' || *p == '.'); p++)
			;
		if (p == s + 1 || p >= end || *p != ']')
			return NULL;
		return p + 1;
	}
	for (; p < end && (is_alnum(*p) || *p == '-' || *p == '.'); p++)
		;
	if (p == s || p - s > 253 || *s == '-' || *s == '.' || p[-1] == '-')
		return NULL;
	return p;
}

enum ice_kind ice_url_check(const char *url, size_t len, char *err, size_t errsz)
{
	const char *end = url + len, *p, *h;
	enum ice_kind kind;
	int secure = 0;
	if (len > ICE_URL_MAX) {
		snprintf(err, errsz, "a URL is longer than %d characters", ICE_URL_MAX);
		return 0;
	}
	if (len > 5 && !memcmp(url, "stun:", 5)) {
		kind = ICE_STUN;
		p = url + 5;
	} else if (len > 5 && !memcmp(url, "turn:", 5)) {
		kind = ICE_TURN;
		p = url + 5;
	} else if (len > 6 && !memcmp(url, "turns:", 6)) {
		kind = ICE_TURN;
		secure = 1;
		p = url + 6;
	} else {
		snprintf(err, errsz,
			 "'%.*s': expected stun:HOST[:PORT], turn:HOST[:PORT] or turns:HOST[:PORT]",
			 (int)len, url);
		return 0;
	}
	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		snprintf(err, errsz, "'%.*s': write %s without '//' (RFC 7064/7065)", (int)len, url,
			 kind == ICE_STUN ? "stun:HOST"
			 : secure	  ? "turns:HOST"
					  : "turn:HOST");
		return 0;
	}
	if (!(h = host_end(p, end))) {
		snprintf(err, errsz,
			 "'%.*s': the host is not a DNS name, an IPv4 address or [IPv6]", (int)len,
			 url);
		return 0;
	}
	p = h;
	if (p < end && *p == ':') {
		long port = 0;
		const char *d = ++p;
		for (; p < end && is_digit(*p) && p - d < 6; p++)
			port = port * 10 + (*p - '0');
		if (p == d || port < 1 || port > 65535 || (p < end && is_digit(*p))) {
			snprintf(err, errsz, "'%.*s': the port must be a number from 1 to 65535",
				 (int)len, url);
			return 0;
		}
	}
	if (p < end && *p == '?' && kind == ICE_TURN) {
		size_t rest = (size_t)(end - p);
		if (rest == 14 && !memcmp(p, "?transport=tcp", 14))
			return kind;
		if (rest == 14 && !memcmp(p, "?transport=udp", 14) && !secure)
			return kind;
		snprintf(err, errsz, "'%.*s': the only query is ?transport=%s", (int)len, url,
			 secure ? "tcp" : "udp or ?transport=tcp");
		return 0;
	}
	if (p != end) {
		snprintf(err, errsz, "'%.*s': unexpected '%c' after the host%s", (int)len, url, *p,
			 kind == ICE_STUN ? " (a stun: URL takes no query)" : "");
		return 0;
	}
	return kind;
}

const char *ice_urls_next(const char **p, size_t *len)
{
	const char *s = *p, *e;
	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	for (e = s; *e && *e != ' ' && *e != '\t' && *e != ','; e++)
		;
	*len = (size_t)(e - s);
	*p = e;
	return s;
}

int ice_urls_check(const char *list, size_t *nturn, char *err, size_t errsz)
{
	const char *p = list, *u;
	size_t n = 0, len, turns = 0;
	while ((u = ice_urls_next(&p, &len))) {
		enum ice_kind k = ice_url_check(u, len, err, errsz);
		if (!k)
			return -1;
		if (++n > ICE_URLS_MAX) {
			snprintf(err, errsz, "at most %d URLs", ICE_URLS_MAX);
			return -1;
		}
		if (k == ICE_TURN)
			turns++;
	}
	if (nturn)
		*nturn = turns;
	return 0;
}

int turn_secret_load(const char *path, char **secret, char *err, size_t errsz)
{
	struct stat st;
	char buf[TURN_SECRET_MAX + 2];
	size_t n = 0;
	int fd = -1, rc = -1;
	*secret = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot open: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errsz,
			 "%s: mode %04o lets the group or others use it; chmod 600 (owner only)",
			 path, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	while (n < sizeof buf) {
		ssize_t r = read(fd, buf + n, sizeof buf - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errsz, "%s: cannot read: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n && buf[n - 1] == '\n')
		n--;
	if (n && buf[n - 1] == '\r')
		n--;
	if (n < TURN_SECRET_MIN || n > TURN_SECRET_MAX) {
		snprintf(err, errsz,
			 "%s: the secret must be %d to %d characters (e.g. openssl rand -hex 32)",
			 path, TURN_SECRET_MIN, TURN_SECRET_MAX);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (buf[i] <= ' ' || buf[i] > '~' || buf[i] == '#') {
			/* coturn's static-auth-secret is one word of its config file */
			snprintf(err, errsz,
				 "%s: the secret must be printable ASCII without spaces or '#' "
				 "(e.g. openssl rand -hex 32)",
				 path);
			goto out;
		}
	*secret = xmalloc(n + 1);
	memcpy(*secret, buf, n);
	(*secret)[n] = '\0';
	rc = 0;
out:
	sodium_memzero(buf, sizeof buf);
	if (fd >= 0)
		close(fd);
	return rc;
}

void turn_secret_free(char **secret)
{
	if (!secret || !*secret)
		return;
	sodium_memzero(*secret, strlen(*secret));
	free(*secret);
	*secret = NULL;
}

int turn_username(int64_t expiry_s, const char *opaque, char *out, size_t n)
{
	if (strchr(opaque, ':'))
		return -1;
	int w = snprintf(out, n, "%" PRId64 ":%s", expiry_s, opaque);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int turn_credential(const char *secret, const char *username, char out[TURN_CREDENTIAL_LEN])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	if (!HMAC(EVP_sha1(), secret, (int)strlen(secret), (const unsigned char *)username,
		  strlen(username), mac, &maclen) ||
	    maclen != 20)
		return -1;
	/* EVP_EncodeBlock: standard base64 with padding, NUL-terminated: 28 + 1 bytes */
	EVP_EncodeBlock((unsigned char *)out, mac, (int)maclen);
	sodium_memzero(mac, sizeof mac);
	return 0;
}
