/* Diagnostic log on stderr: UTC time, level, message. Thread safe (one fprintf per line). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "clock.h"

static volatile int log_level_cur = LOG_INFO; /* process setting, written once at start */

void log_set_level(enum log_level l)
{
	log_level_cur = (int)l;
}

void log_msg(enum log_level l, const char *fmt, ...)
{
	static const char *const names[] = {"ERROR", "WARN", "INFO", "DEBUG"};
	char ts[40], line[2048];
	va_list ap;
	if ((int)l > log_level_cur)
		return;
	clock_format_ms(clock_now_ms(), ts, sizeof ts);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s %s\n", ts, names[l], line);
}
