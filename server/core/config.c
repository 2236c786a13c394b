/* The configuration table: every setting's name, type, default, validator and help in one place,
 * fed by defaults, a config file, UJIKOM_* environment variables and command-line flags. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "turn.h"

#ifndef UJIKOM_DEFAULT_WEB_DIR
#define UJIKOM_DEFAULT_WEB_DIR "web"
#endif

enum cfg_type { CFG_STR, CFG_INT, CFG_BOOL };

struct cfg_def {
	const char *name;
	enum cfg_type type;
	size_t off;
	const char *def;
	int64_t lo, hi; /* CFG_INT range */
	int (*check)(const char *v, char *err, size_t errsz);
	const char *help;
};

static int check_listen(const char *v, char *err, size_t errsz)
{
	char addr[64];
	int port;
	if (config_listen_split(v, addr, sizeof addr, &port) != 0) {
		snprintf(err, errsz, "expected ADDR:PORT (e.g. 127.0.0.1:8080), got '%s'", v);
		return -1;
	}
	return 0;
}

static int check_level(const char *v, char *err, size_t errsz)
{
	if (strcmp(v, "error") && strcmp(v, "warn") && strcmp(v, "info") && strcmp(v, "debug")) {
		snprintf(err, errsz, "expected error|warn|info|debug, got '%s'", v);
		return -1;
	}
	return 0;
}

static int check_origin(const char *v, char *err, size_t errsz)
{
	size_t n = strlen(v);
	if (n && ((strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) || v[n - 1] == '/')) {
		snprintf(err, errsz, "expected scheme://host[:port] without a trailing slash");
		return -1;
	}
	return 0;
}

static int check_zone(const char *v, char *err, size_t errsz)
{
	if (strcmp(v, "WIB") && strcmp(v, "WITA") && strcmp(v, "WIT")) {
		snprintf(err, errsz, "expected WIB, WITA or WIT, got '%s'", v);
		return -1;
	}
	return 0;
}

static int check_code(const char *v, char *err, size_t errsz)
{
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.') {
			snprintf(err, errsz, "letters, digits, '-' and '.' only");
			return -1;
		}
	if (!*v || strlen(v) > 32) {
		snprintf(err, errsz, "1 to 32 characters");
		return -1;
	}
	return 0;
}

static int check_ice_urls(const char *v, char *err, size_t errsz)
{
	return ice_urls_check(v, NULL, err, errsz);
}

#define OFF(f) offsetof(struct config, f)
static const struct cfg_def defs[] = {
    {"listen", CFG_STR, OFF(listen), "127.0.0.1:8080", 0, 0, check_listen,
     "address and port to listen on"},
    {"data_dir", CFG_STR, OFF(data_dir), "data", 0, 0, NULL,
     "directory for the database, blobs and keys (created if missing)"},
    {"web_dir", CFG_STR, OFF(web_dir), UJIKOM_DEFAULT_WEB_DIR, 0, 0, NULL,
     "directory of the static front-end"},
    {"demo", CFG_BOOL, OFF(demo), "0", 0, 1, NULL, "seed demo data and print demo credentials"},
    {"workers", CFG_INT, OFF(workers), "2", 1, 64, NULL, "worker threads for slow work"},
    {"json_body_max", CFG_INT, OFF(json_body_max), "65536", 1024, 16 << 20, NULL,
     "default JSON request body limit in bytes"},
    {"session_idle_min", CFG_INT, OFF(session_idle_min), "30", 1, 24 * 60, NULL,
     "minutes of inactivity after which a session ends"},
    {"session_absolute_hours", CFG_INT, OFF(session_absolute_hours), "12", 1, 24 * 30, NULL,
     "hours after sign-in after which a session ends regardless of activity"},
    {"login_slow_after", CFG_INT, OFF(login_slow_after), "3", 1, 100, NULL,
     "failed logins (per account or IP) after which answers are delayed (429 + Retry-After)"},
    {"login_lock_after", CFG_INT, OFF(login_lock_after), "10", 2, 1000, NULL,
     "failed logins after which an account is locked"},
    {"login_lock_minutes", CFG_INT, OFF(login_lock_minutes), "15", 1, 24 * 60, NULL,
     "how long a login lock lasts"},
    {"ip_lock_after", CFG_INT, OFF(ip_lock_after), "50", 2, 100000, NULL,
     "failed logins from one IP address after which it is locked"},
    {"argon2_opslimit", CFG_INT, OFF(argon2_opslimit), "2", 2, 16, NULL,
     "Argon2id passes (libsodium interactive = 2)"},
    {"argon2_memlimit", CFG_INT, OFF(argon2_memlimit), "67108864", 67108864, 1073741824, NULL,
     "Argon2id memory in bytes (libsodium interactive = 64 MiB)"},
    {"public_origin", CFG_STR, OFF(public_origin), "", 0, 0, check_origin,
     "public origin (https://lsp.example.id) for the Origin check; empty: same as Host"},
    {"log_level", CFG_STR, OFF(log_level), "info", 0, 0, check_level,
     "diagnostic log level: error|warn|info|debug"},
    {"access_log", CFG_BOOL, OFF(access_log), "1", 0, 1, NULL,
     "print one line per request on standard output"},
    {"trust_proxy", CFG_BOOL, OFF(trust_proxy), "0", 0, 1, NULL,
     "behind nginx on this host: take the client address from X-Real-IP and the scheme from "
     "X-Forwarded-Proto when the peer is loopback (sign-in throttling, Secure cookies)"},
    {"tls_cert", CFG_STR, OFF(tls_cert), "", 0, 0, NULL,
     "PEM certificate to serve HTTPS directly (usually nginx terminates TLS)"},
    {"tls_key", CFG_STR, OFF(tls_key), "", 0, 0, NULL, "PEM private key file (mode 0600)"},
    {"lsp_code", CFG_STR, OFF(lsp_code), "LSP-DEMO", 0, 0, check_code,
     "short LSP code used in document numbers"},
    {"lsp_name", CFG_STR, OFF(lsp_name), "LSP Demo Ujikom", 0, 0, NULL, "LSP name shown to users"},
    {"timezone", CFG_STR, OFF(timezone), "WIB", 0, 0, check_zone,
     "the LSP's zone for working-day deadlines: WIB, WITA or WIT"},
    {"checkpoint_hours", CFG_INT, OFF(checkpoint_hours), "24", 1, 24 * 31, NULL,
     "interval between signed ledger checkpoints"},
    {"reset_token_minutes", CFG_INT, OFF(reset_token_minutes), "30", 5, 24 * 60, NULL,
     "validity of a password reset token"},
    {"recording_asesi_view", CFG_BOOL, OFF(recording_asesi_view), "0", 0, 1, NULL,
     "let the asesi watch the recordings of their own assessment sessions"},
    {"recording_max_bytes", CFG_INT, OFF(recording_max_bytes), "8589934592", 65536,
     (int64_t)1 << 40, NULL,
     "bytes one recording may hold (8 GiB: about 18 h at 1 Mbit/s); the chunk over it is refused "
     "and the recording finalised"},
    {"recording_quota_bytes", CFG_INT, OFF(recording_quota_bytes), "0", 0, (int64_t)1 << 50, NULL,
     "storage quota of this LSP's recordings in bytes (kept ones, raw and final file, plus those "
     "in progress); once reached no new recording starts; 0: no quota"},
    {"recording_quota_warn_percent", CFG_INT, OFF(recording_quota_warn_percent), "90", 1, 99, NULL,
     "percent of the quota at which participants and storage admins are warned"},
    {"recording_disk_low_bytes", CFG_INT, OFF(recording_disk_low_bytes), "2147483648", 0,
     (int64_t)1 << 50, NULL,
     "free bytes on the recordings' disk below which participants and storage admins are warned"},
    {"recording_disk_reserve_bytes", CFG_INT, OFF(recording_disk_reserve_bytes), "536870912", 0,
     (int64_t)1 << 50, NULL,
     "free bytes on the recordings' disk kept for the database and finalising: below it chunks "
     "are refused (the browser keeps them)"},
    {"recording_rate_kbit", CFG_INT, OFF(recording_rate_kbit), "4000", 0, 10000000, NULL,
     "ingest rate of one recording connection in kbit/s, averaged over a second (a browser records "
     "about 530); faster senders are slowed, never refused; 0: no limit"},
    {"recording_open_max", CFG_INT, OFF(recording_open_max), "4", 1, 100000, NULL,
     "open recording connections of one participant in one session (camera, screen, and the old "
     "ones a reload leaves finishing)"},
    {"ice_urls", CFG_STR, OFF(ice_urls), "", 0, 0, check_ice_urls,
     "STUN/TURN URLs the live-session pages use for WebRTC, separated by spaces or commas "
     "(stun:HOST[:PORT], turn:HOST[:PORT][?transport=udp|tcp], turns:HOST[:PORT]); empty: none "
     "(browsers connect directly)"},
    {"turn_secret_file", CFG_STR, OFF(turn_secret_file), "", 0, 0, NULL,
     "file (mode 0600) holding the TURN REST shared secret, the same value as coturn's "
     "static-auth-secret; required with turn: URLs"},
    {"turn_ttl_minutes", CFG_INT, OFF(turn_ttl_minutes), "480", 10, 48 * 60, NULL,
     "lifetime of the TURN credentials a page receives (coturn ends a relay when its credential "
     "expires; pages fetch fresh ones before then)"},
};
#define NDEFS (sizeof defs / sizeof defs[0])

static const struct cfg_def *find_def(const char *name)
{
	char norm[64];
	size_t i;
	for (i = 0; name[i] && i < sizeof norm - 1; i++)
		norm[i] = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
	norm[i] = '\0';
	for (size_t k = 0; k < NDEFS; k++)
		if (strcmp(defs[k].name, norm) == 0)
			return &defs[k];
	return NULL;
}

static int apply(struct config *c, const struct cfg_def *d, const char *v, char *err, size_t errsz)
{
	char *field = (char *)c + d->off;
	switch (d->type) {
	case CFG_STR:
		if (d->check && d->check(v, err, errsz) != 0)
			return -1;
		free(*(char **)field);
		*(char **)field = xstrdup(v);
		return 0;
	case CFG_INT: {
		char *end = NULL;
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno || !*v || *end || x < d->lo || x > d->hi) {
			snprintf(err, errsz,
				 "%s: expected a whole number from %lld to %lld, got '%s'", d->name,
				 (long long)d->lo, (long long)d->hi, v);
			return -1;
		}
		*(int64_t *)field = x;
		return 0;
	}
	case CFG_BOOL:
		if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on"))
			*(int *)field = 1;
		else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") ||
			 !strcmp(v, "off"))
			*(int *)field = 0;
		else {
			snprintf(err, errsz, "%s: expected true or false, got '%s'", d->name, v);
			return -1;
		}
		return 0;
	}
	return -1;
}

void config_init(struct config *c)
{
	char err[256];
	memset(c, 0, sizeof *c);
	for (size_t k = 0; k < NDEFS; k++)
		if (apply(c, &defs[k], defs[k].def, err, sizeof err) != 0)
			abort(); /* a default that fails its own validator is a programming error */
}

void config_cleanup(struct config *c)
{
	for (size_t k = 0; k < NDEFS; k++)
		if (defs[k].type == CFG_STR) {
			char **p = (char **)((char *)c + defs[k].off);
			free(*p);
			*p = NULL;
		}
}

int config_set(struct config *c, const char *name, const char *value, char *err, size_t errsz)
{
	const struct cfg_def *d = find_def(name);
	char sub[200];
	if (!d) {
		snprintf(err, errsz, "unknown setting '%s'", name);
		return -1;
	}
	if (apply(c, d, value, sub, sizeof sub) != 0) {
		snprintf(err, errsz, "%s: %s", d->name, sub);
		return -1;
	}
	return 0;
}

int config_load_file(struct config *c, const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	char line[1024], sub[400];
	int lineno = 0, rc = 0;
	if (!f) {
		snprintf(err, errsz, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *p = line, *eq, *k, *v, *end;
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errsz, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		eq = strchr(p, '=');
		if (!eq) {
			snprintf(err, errsz, "%s:%d: expected 'name = value'", path, lineno);
			rc = -1;
			break;
		}
		k = p;
		end = eq;
		while (end > k && isspace((unsigned char)end[-1]))
			end--;
		*end = '\0';
		v = eq + 1;
		while (isspace((unsigned char)*v))
			v++;
		end = v + strlen(v);
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
		*end = '\0';
		if (config_set(c, k, v, sub, sizeof sub) != 0) {
			snprintf(err, errsz, "%s:%d: %s", path, lineno, sub);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, char *err, size_t errsz)
{
	for (size_t k = 0; k < NDEFS; k++) {
		char env[80] = "UJIKOM_";
		size_t n = strlen(env);
		for (const char *p = defs[k].name; *p && n < sizeof env - 1; p++)
			env[n++] = (char)toupper((unsigned char)*p);
		env[n] = '\0';
		const char *v = getenv(env);
		if (v && config_set(c, defs[k].name, v, err, errsz) != 0)
			return -1;
	}
	return 0;
}

void config_print(const struct config *c, FILE *out)
{
	for (size_t k = 0; k < NDEFS; k++) {
		const char *field = (const char *)c + defs[k].off;
		switch (defs[k].type) {
		case CFG_STR:
			fprintf(out, "%s = %s", defs[k].name, *(char *const *)field);
			break;
		case CFG_INT:
			fprintf(out, "%s = %lld", defs[k].name, (long long)*(const int64_t *)field);
			break;
		case CFG_BOOL:
			fprintf(out, "%s = %s", defs[k].name,
				*(const int *)field ? "true" : "false");
			break;
		}
		fprintf(out, "\t# %s (default: %s)\n", defs[k].help, defs[k].def);
	}
}

int config_check(const struct config *c, char **turn_secret, char *err, size_t errsz)
{
	char sub[400];
	size_t nturn = 0;
	if (ice_urls_check(c->ice_urls, &nturn, sub, sizeof sub) != 0) {
		snprintf(err, errsz, "ice_urls: %s", sub);
		return -1;
	}
	if (nturn && !*c->turn_secret_file) {
		snprintf(err, errsz,
			 "ice_urls has turn: URLs but turn_secret_file is empty (coturn's "
			 "static-auth-secret, in a file of mode 0600)");
		return -1;
	}
	if (*c->turn_secret_file && !nturn) {
		snprintf(err, errsz,
			 "turn_secret_file is set but ice_urls has no turn: or turns: URL to use "
			 "it with");
		return -1;
	}
	if (*c->turn_secret_file) {
		char *secret = NULL;
		int rc = turn_secret_load(c->turn_secret_file, &secret, sub, sizeof sub);
		if (rc == 0 && turn_secret)
			*turn_secret = secret; /* the caller keeps it: the file is read once */
		else
			turn_secret_free(&secret);
		if (rc != 0) {
			snprintf(err, errsz, "turn_secret_file: %s", sub);
			return -1;
		}
	}
	return 0;
}

int config_listen_split(const char *listen, char *addr, size_t addrsz, int *port)
{
	const char *colon = strrchr(listen, ':');
	char *end = NULL;
	if (!colon || colon == listen || (size_t)(colon - listen) >= addrsz)
		return -1;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 1 || p > 65535)
		return -1;
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = '\0';
	*port = (int)p;
	return 0;
}
