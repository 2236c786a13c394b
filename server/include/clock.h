/* Time. All stored times are UTC milliseconds since the epoch (int64); text form is RFC 3339 UTC.
 */
#ifndef UJIKOM_CLOCK_H
#define UJIKOM_CLOCK_H
#include <stddef.h>
#include <stdint.h>

int64_t clock_now_ms(void);  /* wall clock, UTC ms */
int64_t clock_mono_us(void); /* monotonic, for durations */
/* "2026-11-21T19:39:48.123Z" into out (at least 32 bytes). */
void clock_format_ms(int64_t ms, char *out, size_t n);
/* RFC 7231 date "Sat, 21 Nov 2026 19:39:48 GMT" (at least 40 bytes). */
void clock_format_http(int64_t ms, char *out, size_t n);

#endif
