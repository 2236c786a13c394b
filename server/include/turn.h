/* STUN/TURN for WebRTC: the ice_urls setting (a list of stun:/turn:/turns: URLs, RFC 7064/7065)
 * and time-limited TURN credentials in the TURN REST API scheme that coturn implements with
 * use-auth-secret: username "<unix expiry>:<opaque id>", credential
 * base64(HMAC-SHA1(shared secret, username)). */
#ifndef UJIKOM_TURN_H
#define UJIKOM_TURN_H
#include <stddef.h>
#include <stdint.h>

#define ICE_URLS_MAX	8   /* URLs in ice_urls */
#define ICE_URL_MAX	255 /* characters in one URL */
#define TURN_SECRET_MIN 16  /* characters: refuse a guessable secret */
#define TURN_SECRET_MAX 256
/* base64 of a 20-byte HMAC-SHA1 is 28 characters; plus NUL */
#define TURN_CREDENTIAL_LEN 29

enum ice_kind { ICE_STUN = 1, ICE_TURN = 2 }; /* ICE_TURN: turn: and turns: */

/* Checks one URL (len bytes, not NUL-terminated): "stun:host[:port]", "turn:host[:port]
 * [?transport=udp|tcp]" or "turns:host[:port][?transport=tcp]", host a DNS name, an IPv4 address
 * or [IPv6]. Returns its kind, or 0 with a message in err. */
enum ice_kind ice_url_check(const char *url, size_t len, char *err, size_t errsz);
/* The next URL of a list separated by spaces or commas: returns its start and length, and moves
 * *p past it; NULL at the end. */
const char *ice_urls_next(const char **p, size_t *len);
/* Checks a whole list (empty is fine): every URL, at most ICE_URLS_MAX. Returns 0, or -1 with a
 * message naming the URL in err. nturn (may be NULL) receives the number of turn(s): URLs. */
int ice_urls_check(const char *list, size_t *nturn, char *err, size_t errsz);

/* Reads the TURN shared secret from path: a regular file that neither the group nor others may
 * read or write (mode 0600 or 0400), holding TURN_SECRET_MIN..TURN_SECRET_MAX printable ASCII
 * characters without spaces (one trailing newline is dropped: `openssl rand -hex 32 > F`).
 * On success *secret is a malloc'd NUL-terminated copy (wipe with turn_secret_free). Returns 0,
 * or -1 with a message in err that never contains the secret. */
int turn_secret_load(const char *path, char **secret, char *err, size_t errsz);
/* Wipes and frees a secret from turn_secret_load; NULLs it; accepts NULL. */
void turn_secret_free(char **secret);

/* "<expiry_s>:<opaque>" into out (n bytes); -1 when it does not fit or opaque holds a ':'. */
int turn_username(int64_t expiry_s, const char *opaque, char *out, size_t n);
/* base64(HMAC-SHA1(secret, username)) (standard alphabet, padded) into out. Returns 0, or -1
 * when the HMAC fails. */
int turn_credential(const char *secret, const char *username, char out[TURN_CREDENTIAL_LEN]);

#endif
