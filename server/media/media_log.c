/* Bridge from libav's log to ours: messages at AV_LOG_WARNING and worse become log_warn lines
 * naming the operation; nothing reaches stderr directly. A damaged recording can make the demuxer
 * complain on every block, so each operation logs at most MEDIA_LOG_MAX of them. libav errors
 * about the input are warnings here: the caller gets the real outcome as an enum err. */
#include <libavutil/log.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "log.h"
#include "media_internal.h"

#define MEDIA_LOG_MAX 8

/* Per thread, because each worker runs its own operation. The callback is libav's one process-wide
 * setting; the pthread_once guard is the only other state. */
static _Thread_local const char *log_what;
static _Thread_local unsigned log_count;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void media_log_cb(void *avcl, int level, const char *fmt, va_list vl)
{
	char line[512];
	int prefix = 1;
	size_t n;
	if (level > AV_LOG_WARNING)
		return;
	if (log_count++ >= MEDIA_LOG_MAX)
		return;
	av_log_format_line2(avcl, level, fmt, vl, line, sizeof line, &prefix);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	if (n == 0)
		return;
	log_warn("media %s: libav: %s", log_what ? log_what : "-", line);
}

static void media_log_install(void)
{
	av_log_set_callback(media_log_cb);
}

void media_log_begin(const char *what)
{
	pthread_once(&log_once, media_log_install);
	log_what = what;
	log_count = 0;
}

void media_log_end(void)
{
	if (log_count > MEDIA_LOG_MAX)
		log_warn("media %s: %u more libav messages not logged", log_what ? log_what : "-",
			 log_count - MEDIA_LOG_MAX);
	log_what = NULL;
	log_count = 0;
}
