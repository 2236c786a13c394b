/* SOP step reader for the workflow tests (see sop_steps.h). */
#include "sop_steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sop_steps_load(struct sop_steps *s, const char *file)
{
	char path[1024], line[2048];
	const char *src = getenv("UJIKOM_SOURCE_DIR");
	snprintf(path, sizeof path, "%s/sop/%s", src ? src : UJIKOM_SOURCE_DIR, file);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "sop_steps: cannot read %s\n", path);
		abort();
	}
	struct sop_step *cur = NULL;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "## ", 3))
			cur = NULL; /* a new top-level section ends the steps */
		if (!strncmp(line, "### SOP-", 8)) {
			if (s->n == sizeof s->step / sizeof s->step[0])
				abort();
			cur = &s->step[s->n++];
			sscanf(line + 4, "%31s", cur->code);
			strcpy(cur->events, " ");
			continue;
		}
		const char *t = strstr(line, "Transisi sistem:");
		if (!cur || !t)
			continue;
		for (const char *p = strchr(t, '`'); p; p = strchr(p, '`')) {
			const char *e = strchr(p + 1, '`');
			if (!e)
				break;
			size_t n = (size_t)(e - p - 1);
			if (strlen(cur->events) + n + 2 < sizeof cur->events) {
				strncat(cur->events, p + 1, n);
				strcat(cur->events, " ");
			}
			p = e + 1;
		}
	}
	fclose(f);
}

const struct sop_step *sop_steps_find(const struct sop_steps *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->step[i].code, code))
			return &s->step[i];
	return NULL;
}

int sop_step_names(const struct sop_step *st, const char *ev)
{
	char pat[96];
	snprintf(pat, sizeof pat, " %s ", ev);
	return strstr(st->events, pat) != NULL;
}
