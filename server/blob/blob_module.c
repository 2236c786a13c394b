/* The blob store's service descriptor: its migrations (the blobs table); no routes, since every
 * blob is served by the module that owns the record it belongs to, after its own permission
 * check. */
#include <stddef.h>

#include "blob.h"
#include "module.h"

extern const struct embedded_file blob_migrations[];
extern const size_t blob_migrations_count;

const struct module blob_module = {
    .name = "blob",
    .migrations = blob_migrations,
    .nmigrations = &blob_migrations_count,
};
