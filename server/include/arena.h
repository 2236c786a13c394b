/* Per-request bump allocator: everything a request allocates is freed at once in arena_free().
 * Allocation failure aborts (xmalloc). Cleanups hung with arena_defer() run at free, last first. */
#ifndef UJIKOM_ARENA_H
#define UJIKOM_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Borrowed view of bytes; not necessarily NUL-terminated. */
struct str {
	const char *ptr;
	size_t len;
};
#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})
#define STR_NULL   ((struct str){0, 0})

struct arena *arena_new(void);
void arena_free(struct arena **a);
void *arena_alloc(struct arena *a, size_t n);		       /* aligned to 16, uninitialised */
void *arena_zalloc(struct arena *a, size_t n);		       /* zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(struct arena *a, const char *s);
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap);
/* Runs fn(arg) when the arena is freed (in reverse order of registration). */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);
size_t arena_used(const struct arena *a);

/* Process-wide allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* str helpers */
struct str str_from(const char *s); /* s may be NULL */
int str_eq(struct str a, struct str b);
int str_eq_cstr(struct str a, const char *b);
int str_starts_with(struct str a, const char *prefix);
int str_eq_nocase(struct str a, const char *b);

#endif
