/* Small helpers over libsodium/OpenSSL: random tokens, hex, base64url, SHA-256, constant-time
 * compare. */
#ifndef UJIKOM_UTIL_H
#define UJIKOM_UTIL_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN     32
#define SHA256_HEX_LEN 64

void util_random(void *out, size_t n);
/* n random bytes as base64url without padding into out (needs 4*n/3+3 bytes). */
void util_random_token(char *out, size_t outsz, size_t n);
void util_hex(const void *in, size_t n, char *out);			  /* out needs 2n+1 */
int util_unhex(const char *hex, size_t hexlen, void *out, size_t outlen); /* 0 ok, -1 bad */
int util_hexval(int c); /* 0..15, or -1 when c is not a hex digit */
void util_sha256(const void *in, size_t n, unsigned char out[SHA256_LEN]);
void util_sha256_hex(const void *in, size_t n, char out[SHA256_HEX_LEN + 1]);
int util_ct_eq(const void *a, const void *b, size_t n); /* 1 equal, constant time */
/* base64url (no padding); returns output length or -1. */
int util_b64url_enc(const void *in, size_t n, char *out, size_t outsz);
/* Writes a whole file atomically: temp file, fsync, rename, fsync dir. mode e.g. 0600. */
int util_write_file_atomic(const char *path, const void *data, size_t n, int mode);
/* Reads a whole small file (<= max bytes) into a malloc'd NUL-terminated buffer. 0 ok. */
int util_read_file(const char *path, size_t max, char **out, size_t *len);
int util_mkdir_p(const char *path, int mode);

#endif
