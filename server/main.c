/* ujikom: the one binary. Subcommands: serve, check-config, admin create, ledger verify, backup.
 * The only file with process-wide state (the signal handler needs the server). */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../modules/accounts/accounts.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "http/server.h"
#include "ledger.h"
#include "log.h"

static struct app g_app;
static struct http_server *g_server;

static void on_signal(int sig)
{
	(void)sig;
	g_app.stopping = 1;
	http_server_wake(g_server);
}

static void usage(FILE *out)
{
	fputs("usage:\n"
	      "  ujikom serve [--config FILE] [--listen ADDR:PORT] [--data-dir DIR] [--web-dir DIR]"
	      " [--demo] [--<setting> VALUE ...]\n"
	      "  ujikom check-config [FILE] [--<setting> VALUE ...]\n"
	      "  ujikom admin create --email EMAIL [--data-dir DIR | --config FILE]\n"
	      "  ujikom ledger verify [--data-dir DIR | --config FILE] [--public-key HEX]\n"
	      "  ujikom backup DEST [--data-dir DIR | --config FILE]\n"
	      "  ujikom purge [--dry-run] [--data-dir DIR | --config FILE]\n"
	      "Settings come from defaults, the config file, UJIKOM_* environment variables and\n"
	      "flags, later winning; `ujikom check-config` lists them all.\n",
	      out);
}

/* Parses [--config F] plus --name value flags into cfg (file first, then env, then flags).
 * Non-flag arguments are returned in pos (at most npos); extra names listed in take (e.g.
 * "email") are returned through take_val. Returns 0, or 2 after printing the error. */
static int parse_args(int argc, char **argv, struct config *cfg, const char **pos, int npos,
		      int *npos_out, const char *take, const char **take_val)
{
	char err[512];
	const char *file = NULL;
	int n = 0;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			file = argv[i + 1];
	if (file && config_load_file(cfg, file, err, sizeof err) != 0) {
		fprintf(stderr, "ujikom: %s\n", err);
		return 2;
	}
	if (config_load_env(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ujikom: environment: %s\n", err);
		return 2;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0) {
			if (n >= npos) {
				fprintf(stderr, "ujikom: unexpected argument '%s'\n", a);
				return 2;
			}
			pos[n++] = a;
			continue;
		}
		a += 2;
		if (strcmp(a, "config") == 0) {
			i++;
			continue;
		}
		if (strcmp(a, "demo") == 0 &&
		    (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)) {
			cfg->demo = 1;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "ujikom: --%s needs a value\n", a);
			return 2;
		}
		if (take && strcmp(a, take) == 0) {
			*take_val = argv[++i];
			continue;
		}
		if (config_set(cfg, a, argv[++i], err, sizeof err) != 0) {
			fprintf(stderr, "ujikom: --%s: %s\n", a, err);
			return 2;
		}
	}
	if (npos_out)
		*npos_out = n;
	return 0;
}

static void apply_log_level(const struct config *cfg)
{
	enum log_level l = LOG_INFO;
	if (!strcmp(cfg->log_level, "error"))
		l = LOG_ERROR;
	else if (!strcmp(cfg->log_level, "warn"))
		l = LOG_WARN;
	else if (!strcmp(cfg->log_level, "debug"))
		l = LOG_DEBUG;
	log_set_level(l);
}

static int cmd_serve(struct config *cfg)
{
	struct sigaction sa;
	int rc = 1;
	apply_log_level(cfg);
	if (app_open(&g_app, cfg, ujikom_modules, (unsigned)cfg->workers) != ERR_OK) {
		fprintf(stderr, "ujikom: cannot start (see the log above)\n");
		return 1;
	}
	g_server = http_server_new(&g_app);
	if (!g_server)
		goto out;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "ujikom: listening on http://%s (data: %s)\n", cfg->listen, cfg->data_dir);
	if (cfg->demo) {
		fprintf(stderr, "ujikom: DEMO MODE — akun demo / demo accounts:\n");
		for (size_t i = 0; i < g_app.ndemo_notes; i++)
			fprintf(stderr, "  %s\n", g_app.demo_notes[i]);
	}
	rc = http_server_run(g_server);
	fprintf(stderr, "ujikom: stopped\n");
out:
	http_server_free(&g_server);
	app_close(&g_app);
	return rc;
}

static int cmd_admin_create(struct config *cfg, const char *email)
{
	char otp[64];
	struct app app;
	int rc = 1;
	if (!email) {
		fprintf(stderr, "ujikom admin create: --email is required\n");
		return 2;
	}
	log_set_level(LOG_WARN);
	if (app_open(&app, cfg, ujikom_modules, 0) != ERR_OK)
		return 1;
	enum err e = accounts_admin_create(&app, email, otp, sizeof otp);
	if (e == ERR_OK) {
		printf("Admin LSP dibuat / LSP admin created: %s\n"
		       "Kata sandi sekali pakai / one-time password: %s\n"
		       "Wajib diganti saat masuk pertama / must be changed at first sign-in.\n",
		       email, otp);
		rc = 0;
	} else if (e == ERR_CONFLICT) {
		fprintf(stderr, "ujikom: an account with this email already exists\n");
	} else if (e == ERR_INVALID) {
		fprintf(stderr, "ujikom: the email address is not valid\n");
	} else {
		fprintf(stderr, "ujikom: cannot create the admin (%s)\n", err_name(e));
	}
	app_close(&app);
	return rc;
}

static int cmd_backup(struct config *cfg, const char *dest)
{
	char path[4096];
	struct stat st;
	if (stat(dest, &st) == 0) { /* never overwrite an earlier backup */
		fprintf(stderr, "ujikom backup: %s already exists; choose a new name\n", dest);
		return 1;
	}
	snprintf(path, sizeof path, "%s/ujikom.db", cfg->data_dir);
	struct db *db = db_open_readonly(path);
	if (!db) {
		fprintf(stderr, "ujikom backup: no database at %s\n", path);
		return 1;
	}
	enum err e = db_backup(db, dest);
	db_free(&db);
	if (e != ERR_OK) {
		fprintf(stderr, "ujikom backup: failed\n");
		return 1;
	}
	printf("backup written to %s\n", dest);
	return 0;
}

/* Retention (SE.007 A.III.b): every module removes what is past its keeping period and says what
 * (one JSON line per item); --dry-run only lists it. */
static int cmd_purge(struct config *cfg, int dry_run)
{
	struct app app;
	int rc = 0;
	log_set_level(LOG_WARN);
	if (app_open(&app, cfg, ujikom_modules, 0) != ERR_OK)
		return 1;
	json_t *report = json_array(), *item;
	size_t i;
	int64_t now = clock_now_ms();
	if (app_purge_all(&app, app.db, now, dry_run, report) != ERR_OK) {
		fprintf(stderr, "ujikom purge: a module failed (see the log above)\n");
		rc = 1;
	}
	json_array_foreach(report, i, item)
	{
		char *line = json_dumps(item, JSON_COMPACT | JSON_SORT_KEYS);
		puts(line);
		free(line);
	}
	fprintf(stderr, "ujikom purge: %zu %s\n", json_array_size(report),
		dry_run ? "item(s) past their keeping period (dry run: nothing removed)"
			: "item(s) purged");
	json_decref(report);
	app_close(&app);
	return rc;
}

int main(int argc, char **argv)
{
	struct config cfg;
	const char *pos[2] = {0};
	const char *email = NULL;
	int npos = 0, rc;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	config_init(&cfg);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "serve")) {
		rc = parse_args(argc - 2, argv + 2, &cfg, pos, 0, &npos, NULL, NULL);
		if (!rc)
			rc = cmd_serve(&cfg);
	} else if (!strcmp(cmd, "check-config")) {
		char err[512];
		rc = 0;
		if (argc > 2 && strncmp(argv[2], "--", 2) != 0) {
			if (config_load_file(&cfg, argv[2], err, sizeof err) != 0) {
				fprintf(stderr, "ujikom: %s\n", err);
				rc = 2;
			}
			argc--;
			argv++;
		}
		if (!rc)
			rc = parse_args(argc - 2, argv + 2, &cfg, pos, 0, &npos, NULL, NULL);
		if (!rc && config_check(&cfg, NULL, err, sizeof err) != 0) {
			fprintf(stderr, "ujikom: %s\n", err);
			rc = 2;
		}
		if (!rc)
			config_print(&cfg, stdout);
	} else if (!strcmp(cmd, "admin") && argc > 2 && !strcmp(argv[2], "create")) {
		rc = parse_args(argc - 3, argv + 3, &cfg, pos, 0, &npos, "email", &email);
		if (!rc)
			rc = cmd_admin_create(&cfg, email);
	} else if (!strcmp(cmd, "ledger") && argc > 2 && !strcmp(argv[2], "verify")) {
		const char *pk = NULL; /* an auditor's own copy of the published key */
		rc = parse_args(argc - 3, argv + 3, &cfg, pos, 0, &npos, "public-key", &pk);
		if (!rc)
			rc = pk ? ledger_verify_cli_pk(cfg.data_dir, pk, stdout)
				: ledger_verify_cli(cfg.data_dir, stdout);
	} else if (!strcmp(cmd, "backup")) {
		rc = parse_args(argc - 2, argv + 2, &cfg, pos, 1, &npos, NULL, NULL);
		if (!rc && npos != 1) {
			fprintf(stderr, "ujikom backup: DEST is required\n");
			rc = 2;
		}
		if (!rc)
			rc = cmd_backup(&cfg, pos[0]);
	} else if (!strcmp(cmd, "purge")) {
		int dry = 0, k = 2;
		for (int i = 2; i < argc; i++) /* a flag without a value: take it out first */
			if (!strcmp(argv[i], "--dry-run"))
				dry = 1;
			else
				argv[k++] = argv[i];
		argc = k;
		rc = parse_args(argc - 2, argv + 2, &cfg, pos, 0, &npos, NULL, NULL);
		if (!rc)
			rc = cmd_purge(&cfg, dry);
	} else if (!strcmp(cmd, "--help") || !strcmp(cmd, "help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		rc = 0;
	} else {
		usage(stderr);
		rc = 2;
	}
	config_cleanup(&cfg);
	return rc;
}
