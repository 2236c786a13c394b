/* The one table mapping enum err to HTTP status and a stable machine code. */
#include "err.h"

static const struct {
	int status;
	const char *code;
	const char *name;
} err_table[ERR__COUNT] = {
    [ERR_OK] = {200, "ok", "ERR_OK"},
    [ERR_BAD_REQUEST] = {400, "bad_request", "ERR_BAD_REQUEST"},
    [ERR_UNAUTHENTICATED] = {401, "unauthenticated", "ERR_UNAUTHENTICATED"},
    [ERR_FORBIDDEN] = {403, "forbidden", "ERR_FORBIDDEN"},
    [ERR_NOT_FOUND] = {404, "not_found", "ERR_NOT_FOUND"},
    [ERR_METHOD] = {405, "method_not_allowed", "ERR_METHOD"},
    [ERR_CONFLICT] = {409, "conflict", "ERR_CONFLICT"},
    [ERR_LENGTH_REQUIRED] = {411, "length_required", "ERR_LENGTH_REQUIRED"},
    [ERR_TOO_LARGE] = {413, "too_large", "ERR_TOO_LARGE"},
    [ERR_UNSUPPORTED] = {415, "unsupported_media_type", "ERR_UNSUPPORTED"},
    [ERR_INVALID] = {422, "invalid", "ERR_INVALID"},
    [ERR_LOCKED] = {423, "locked", "ERR_LOCKED"},
    [ERR_TOO_MANY] = {429, "too_many_requests", "ERR_TOO_MANY"},
    [ERR_IO] = {500, "internal", "ERR_IO"},
    [ERR_DB] = {500, "internal", "ERR_DB"},
    [ERR_INTERNAL] = {500, "internal", "ERR_INTERNAL"},
    [ERR_UNAVAILABLE] = {503, "unavailable", "ERR_UNAVAILABLE"},
};

int err_http_status(enum err e)
{
	return (unsigned)e < ERR__COUNT ? err_table[e].status : 500;
}

const char *err_code(enum err e)
{
	return (unsigned)e < ERR__COUNT ? err_table[e].code : "internal";
}

const char *err_name(enum err e)
{
	return (unsigned)e < ERR__COUNT ? err_table[e].name : "ERR_?";
}
