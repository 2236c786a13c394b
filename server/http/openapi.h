/* The OpenAPI 3.1 document, built from the router's table (so it cannot drift from the routes)
 * plus each module's schema fragment. */
#ifndef UJIKOM_HTTP_OPENAPI_H
#define UJIKOM_HTTP_OPENAPI_H
#include <jansson.h>

struct app;
/* A new reference; NULL if a module's schema fragment is not valid JSON (logged). */
json_t *openapi_build(const struct app *app);

#endif
