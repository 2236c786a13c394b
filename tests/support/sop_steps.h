/* Reads the SOP files' steps for the workflow tests: every "### SOP-XXX-NN title" section and
 * the events its "Transisi sistem:" lines name (in backticks). */
#ifndef UJIKOM_TEST_SOP_STEPS_H
#define UJIKOM_TEST_SOP_STEPS_H
#include <stddef.h>

struct sop_step {
	char code[32];
	char events[512]; /* " ev1 ev2 " */
};

struct sop_steps {
	struct sop_step step[200];
	size_t n;
};

/* Appends the steps of sop/<file> (from UJIKOM_SOURCE_DIR); aborts the test when unreadable. */
void sop_steps_load(struct sop_steps *s, const char *file);
const struct sop_step *sop_steps_find(const struct sop_steps *s, const char *code);
/* 1 when the step names event ev. */
int sop_step_names(const struct sop_step *st, const char *ev);

#endif
