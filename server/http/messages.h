/* Message catalogue lookup (core + modules). */
#ifndef UJIKOM_HTTP_MESSAGES_H
#define UJIKOM_HTTP_MESSAGES_H
#include <stddef.h>

#include "module.h"

struct app;
/* The message for code, searching the core table then every module's; NULL when unknown. */
const struct msg_def *messages_find(const struct app *app, const char *code);
const struct msg_def *messages_core(size_t *n);

#endif
