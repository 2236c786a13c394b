/* Growable byte buffer (heap), for building responses and files. */
#ifndef UJIKOM_BUF_H
#define UJIKOM_BUF_H
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_cleanup(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keeps ptr NUL-terminated after every call (the NUL is not counted in len). */

#endif
