/* The whole configuration surface: one table (core/config.c) of name, type, default, validator,
 * help. Values come from defaults, then the config file (name = value), then the environment
 * (UJIKOM_<NAME upper>), then command-line flags (--name value); later sources win. */
#ifndef UJIKOM_CONFIG_H
#define UJIKOM_CONFIG_H
#include <stdint.h>
#include <stdio.h>

struct config {
	char *listen;	       /* ADDR:PORT */
	char *data_dir;	       /* database, blobs, keys */
	char *web_dir;	       /* static front-end */
	int demo;	       /* seed demo data */
	int64_t workers;       /* worker threads */
	int64_t json_body_max; /* default JSON body limit, bytes */
	int64_t session_idle_min;
	int64_t session_absolute_hours;
	int64_t login_slow_after; /* failures before responses are slowed (per account/IP) */
	int64_t login_lock_after; /* failures before the account is locked */
	int64_t login_lock_minutes;
	int64_t ip_lock_after; /* failures from one IP before it is locked */
	int64_t argon2_opslimit;
	int64_t argon2_memlimit; /* bytes */
	char *public_origin;	 /* e.g. https://lsp.example.id; empty: same origin as Host */
	char *log_level;	 /* error|warn|info|debug */
	int access_log;		 /* one line per request on stdout */
	int trust_proxy;	 /* take client address and scheme from a loopback proxy */
	char *tls_cert;		 /* optional: serve HTTPS directly */
	char *tls_key;
	char *lsp_code; /* short LSP code used in document numbers */
	char *lsp_name;
	char *timezone;		  /* WIB | WITA | WIT: the LSP's working days */
	int64_t checkpoint_hours; /* signed ledger checkpoint interval */
	int64_t reset_token_minutes;
	int recording_asesi_view; /* the asesi may watch the recordings of their own sessions */
	/* recordings: limits of the ingest (modules/assessment/README.md, "Quotas") */
	int64_t recording_max_bytes;	      /* one recording */
	int64_t recording_quota_bytes;	      /* all kept and open recordings; 0 unlimited */
	int64_t recording_quota_warn_percent; /* of the quota: warn participants and admins */
	int64_t recording_disk_low_bytes;     /* free disk below which everyone is warned */
	int64_t recording_disk_reserve_bytes; /* free disk below which chunks are refused */
	int64_t recording_rate_kbit;	      /* ingest per connection, kbit/s; 0 unlimited */
	int64_t recording_open_max;	      /* open ingest connections per participant */
	char *ice_urls;		  /* stun:/turn:/turns: URLs for WebRTC (turn.h), "" none */
	char *turn_secret_file;	  /* TURN REST shared secret (mode 0600), "" none */
	int64_t turn_ttl_minutes; /* lifetime of minted TURN credentials */
};

/* Fills defaults. */
void config_init(struct config *c);
void config_cleanup(struct config *c);
/* Applies a config file; on error writes a message (with line number) to err and returns -1. */
int config_load_file(struct config *c, const char *path, char *err, size_t errsz);
/* Applies UJIKOM_* environment variables. */
int config_load_env(struct config *c, char *err, size_t errsz);
/* Sets one value by name ("listen", "data-dir" or "data_dir"); validates. */
int config_set(struct config *c, const char *name, const char *value, char *err, size_t errsz);
/* Checks what one setting alone cannot: turn: URLs need turn_secret_file and the reverse, and
 * the secret file must be readable, owner-only and well-formed (turn.h). The secret read is
 * handed to *turn_secret (free with turn_secret_free) when turn_secret is not NULL, else wiped.
 * Returns 0, or -1 with a message naming the setting in err (never the secret). */
int config_check(const struct config *c, char **turn_secret, char *err, size_t errsz);
/* Prints effective values, one per line, with help. */
void config_print(const struct config *c, FILE *out);
/* Parses "ADDR:PORT" into addr (>= 64 bytes) and port. */
int config_listen_split(const char *listen, char *addr, size_t addrsz, int *port);

#endif
