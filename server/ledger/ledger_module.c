/* The ledger's service descriptor: routes, migrations, permissions, messages, the key at start
 * (when app_open has not loaded it) and the periodic checkpoint. */
#include <stddef.h>

#include "app.h"
#include "ledger_internal.h"
#include "log.h"
#include "module.h"

extern const struct embedded_file ledger_migrations[];
extern const size_t ledger_migrations_count;

static const struct route ledger_routes[] = {
    {.method = M_GET,
     .path = "/.well-known/ujikom-ledger-key",
     .op = "ledger.public_key",
     .perm = PERM_PUBLIC,
     .handler = ledger_http_public_key,
     .summary = "The Ed25519 public key that signs ledger checkpoints",
     .resp_schema = "LedgerPublicKey"},
    {.method = M_GET,
     .path = "/api/ledger/entries",
     .op = "ledger.entries_list",
     .perm = "ledger.entry.read",
     .handler = ledger_http_entries_list,
     .summary = "Ledger entries in seq order, optionally for one object type or object "
		"(query: object_type, object_id, after_seq, limit)",
     .resp_schema = "LedgerEntryPage"},
    {.method = M_GET,
     .path = "/api/ledger/checkpoints",
     .op = "ledger.checkpoints_list",
     .perm = "ledger.entry.read",
     .handler = ledger_http_checkpoints_list,
     .summary = "Signed checkpoints in seq order (query: after_seq, limit)",
     .resp_schema = "LedgerCheckpointPage"},
    {.method = M_POST,
     .path = "/api/ledger/checkpoints",
     .op = "ledger.checkpoint_create",
     .perm = "ledger.checkpoint.create",
     .handler = ledger_http_checkpoint_create,
     .body = BODY_NONE,
     .summary = "Sign a checkpoint of the current head now (200 when it already is one)",
     .resp_schema = "LedgerCheckpoint"},
    {.method = M_GET,
     .path = "/api/ledger/verify",
     .op = "ledger.verify",
     .perm = "ledger.entry.read",
     .handler = ledger_http_verify,
     .summary = "Verify the whole chain and every checkpoint; names the first broken seq",
     .resp_schema = "LedgerVerifyReport"},
};

static const struct perm_def ledger_perms[] = {
    {"ledger.entry.read", "Melihat dan memverifikasi buku besar audit",
     "Read and verify the audit ledger", "auditor ketua_lsp admin_lsp operator_sistem"},
    {"ledger.checkpoint.create", "Membuat checkpoint bertanda tangan pada buku besar",
     "Create a signed ledger checkpoint", "operator_sistem admin_lsp"},
};

static const struct msg_def ledger_msgs[] = {
    {"ledger_empty", "Buku besar masih kosong; belum ada yang dapat di-checkpoint.",
     "The ledger is empty; there is nothing to checkpoint yet."},
    {"ledger_broken",
     "Buku besar tidak lolos verifikasi sejak checkpoint terakhir; checkpoint tidak dibuat. "
     "Jalankan verifikasi.",
     "The ledger does not verify since the last checkpoint; no checkpoint was made. Run the "
     "verification."},
    {"ledger_object_id_needs_type", "object_id hanya dapat dipakai bersama object_type.",
     "object_id can only be used together with object_type."},
    {"ledger_verify_failed", "Verifikasi buku besar tidak dapat dijalankan.",
     "The ledger verification could not run."},
};

static const char ledger_openapi[] =
    "{\"schemas\":{"
    "\"LedgerPublicKey\":{\"type\":\"object\",\"properties\":{"
    "\"alg\":{\"type\":\"string\",\"enum\":[\"Ed25519\"]},"
    "\"public_key\":{\"type\":\"string\",\"description\":\"32 bytes, lowercase hex\"},"
    "\"key_id\":{\"type\":\"string\",\"description\":\"first 8 bytes of SHA-256(public key), "
    "hex\"}}},"
    "\"LedgerEntry\":{\"type\":\"object\",\"properties\":{"
    "\"seq\":{\"type\":\"integer\"},\"time\":{\"type\":\"string\",\"format\":\"date-time\"},"
    "\"time_ms\":{\"type\":\"integer\"},\"actor\":{\"type\":\"integer\"},"
    "\"action\":{\"type\":\"string\"},\"object_type\":{\"type\":\"string\"},"
    "\"object_id\":{\"type\":\"string\"},\"payload_hash\":{\"type\":\"string\"},"
    "\"prev_hash\":{\"type\":\"string\"},\"entry_hash\":{\"type\":\"string\"}}},"
    "\"LedgerEntryPage\":{\"type\":\"object\",\"properties\":{"
    "\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/LedgerEntry\"}},"
    "\"next_after_seq\":{\"type\":[\"integer\",\"null\"]}}},"
    "\"LedgerCheckpoint\":{\"type\":\"object\",\"properties\":{"
    "\"seq\":{\"type\":\"integer\"},\"head_hash\":{\"type\":\"string\"},"
    "\"time\":{\"type\":\"string\",\"format\":\"date-time\"},\"time_ms\":{\"type\":\"integer\"},"
    "\"signature\":{\"type\":\"string\"},\"key_id\":{\"type\":\"string\"}}},"
    "\"LedgerCheckpointPage\":{\"type\":\"object\",\"properties\":{"
    "\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/"
    "LedgerCheckpoint\"}},"
    "\"next_after_seq\":{\"type\":[\"integer\",\"null\"]}}},"
    "\"LedgerVerifyReport\":{\"type\":\"object\",\"properties\":{"
    "\"ok\":{\"type\":\"boolean\"},\"entries_checked\":{\"type\":\"integer\"},"
    "\"checkpoints_checked\":{\"type\":\"integer\"},\"last_seq\":{\"type\":\"integer\"},"
    "\"first_broken_seq\":{\"type\":[\"integer\",\"null\"]},\"fault\":{\"type\":\"string\"},"
    "\"reason\":{\"type\":\"string\"}}}"
    "}}";

/* Loads the signing key when app_open has not already done so (app_close frees it). */
static enum err ledger_init(struct app *app)
{
	if (app->ledger_keys)
		return ERR_OK;
	if (!app->cfg || !app->cfg->data_dir) {
		log_error("ledger: no data directory for the signing key");
		return ERR_INTERNAL;
	}
	return ledger_keys_load(app->cfg->data_dir, &app->ledger_keys);
}

static void ledger_tick(struct app *app, int64_t now_ms)
{
	ledger_checkpoint_tick(app, now_ms);
}

const struct module ledger_module = {
    .name = "ledger",
    .routes = ledger_routes,
    .nroutes = sizeof ledger_routes / sizeof ledger_routes[0],
    .migrations = ledger_migrations,
    .nmigrations = &ledger_migrations_count,
    .perms = ledger_perms,
    .nperms = sizeof ledger_perms / sizeof ledger_perms[0],
    .msgs = ledger_msgs,
    .nmsgs = sizeof ledger_msgs / sizeof ledger_msgs[0],
    .openapi_schemas = ledger_openapi,
    .init = ledger_init,
    .tick = ledger_tick,
};
