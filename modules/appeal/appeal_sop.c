/* The appeal SOP (sop/banding-jarak-jauh.md, embedded at build time) as text and as the list of
 * its steps with the events each names, for the appellant's progress page. */
#include <string.h>

#include "appeal_internal.h"
#include "embed.h"

extern const struct embedded_file appeal_sop_files[];
extern const size_t appeal_sop_files_count;

const char *appeal_sop_markdown(void)
{
	return appeal_sop_files_count > 0 ? appeal_sop_files[0].data : "";
}

/* The events in backticks on a "Transisi sistem:" line (p .. end) into arr. */
static void add_events(json_t *arr, const char *p, const char *end)
{
	while ((p = memchr(p, '`', (size_t)(end - p))) != NULL) {
		const char *e = memchr(p + 1, '`', (size_t)(end - p - 1));
		if (!e)
			break;
		json_array_append_new(arr, json_stringn(p + 1, (size_t)(e - p - 1)));
		p = e + 1;
	}
}

json_t *appeal_sop_steps_json(void)
{
	json_t *steps = json_array(), *cur = NULL;
	const char *p = appeal_sop_markdown();
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		if (!strncmp(p, "## ", 3)) {
			cur = NULL; /* a new top-level section ends the steps */
		} else if (!strncmp(p, "### SOP-", 8)) {
			const char *code = p + 4, *sp = memchr(code, ' ', (size_t)(end - code));
			const char *title = sp ? sp + 1 : end;
			cur = json_pack("{s:s%, s:s%, s:[]}", "code", code,
					(size_t)((sp ? sp : end) - code), "title", title,
					(size_t)(end - title), "events");
			json_array_append_new(steps, cur);
		} else if (cur && !strncmp(p, "Transisi sistem:", 16)) {
			add_events(json_object_get(cur, "events"), p, end);
		}
		p = nl ? nl + 1 : end;
	}
	return steps;
}
