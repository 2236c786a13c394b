/* Storage limits of recordings (one server instance is one LSP): the quota (bytes of the kept
 * recordings, raw and final file, plus those in progress), its warning level, and the free disk
 * under the recordings (a warning level and a hard reserve). The service thread keeps the figures
 * in memory: "used" is counted at start and recounted on a worker every tick (purges and
 * finalising change it), and each acknowledged chunk adds to it at once; the free disk is
 * measured after each write and at the tick. Every change evaluates the level of both (ok,
 * warning, full; leaving a level needs a margin, so a value hovering at a threshold does not
 * flap). A level that rises is told to the participants of every open session (a warning on the
 * sesi and rekam channels; a joining participant gets the current ones) and, once per crossing,
 * to the storage admins by e-mail through the outbox: the level they were told is a row
 * (asm_storage_state), so a restart does not tell them again, and falling back below a level
 * re-arms its e-mail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "app.h"
#include "assessment_internal.h"
#include "auth.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "outbox.h"
#include "work.h"
#include "ws.h"

extern const struct module assessment_module;

static const char *const level_names[] = {"ok", "warning", "full"};
static const char *const refuse_names[] = {"quota_full", "disk_full", "too_big", "too_many"};

struct asm_storage {
	int64_t used;		     /* bytes counted against the quota */
	int64_t free_disk;	     /* free bytes under data_dir/recordings; -1 unknown */
	int quota_level, disk_level; /* 0 ok, 1 warning, 2 full */
	int level;		     /* the higher of both, as stored */
	int notified;		     /* the level the storage admins were told, as stored */
	int stored;		     /* the row holds level and notified */
	int recounting;
	int64_t store_failed_us; /* a failed store of the level is retried a minute later */
	int told_nobody;	 /* logged that no account can be told */
	uint64_t refused[ASM_RF__COUNT];
	uint64_t alerts; /* e-mail notices sent (one per crossing, each to every recipient) */
};

struct asm_storage *asm_storage(struct app *app)
{
	void **slot = app_module_state(app, &assessment_module);
	return slot ? *slot : NULL;
}

int64_t asm_disk_free(const struct app *app)
{
	char dir[4096];
	struct statvfs v;
	snprintf(dir, sizeof dir, "%s/recordings", app->cfg->data_dir);
	if (statvfs(dir, &v) != 0)
		return -1;
	return (int64_t)v.f_bavail * (int64_t)v.f_frsize;
}

static int level_of(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name && !strcmp(name, level_names[i]))
			return i;
	return 0;
}

/* The level of v (higher is worse) against thresholds t1 (warning) and t2 (full): a rise is
 * immediate; leaving the current level needs v below its threshold by margin. */
static int hysteresis(int cur, int64_t v, int64_t t1, int64_t t2, int64_t margin)
{
	int up = v >= t2 ? 2 : v >= t1 ? 1 : 0;
	if (up >= cur)
		return up;
	int down = v >= t2 - margin ? 2 : v >= t1 - margin ? 1 : 0;
	return down < cur ? down : cur;
}

int64_t asm_quota_warn_bytes(const struct config *cfg)
{
	return cfg->recording_quota_bytes / 100 * cfg->recording_quota_warn_percent +
	       cfg->recording_quota_bytes % 100 * cfg->recording_quota_warn_percent / 100;
}

void asm_format_bytes(int64_t n, char *out, size_t size)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	double v = (double)n;
	int u = 0;
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, size, "%lld B", (long long)n);
	else
		snprintf(out, size, "%.1f %s", v, units[u]);
}

/* The participants' warnings for the current levels, at most two. */
static size_t conditions(const struct asm_storage *st, const char *out[2])
{
	size_t n = 0;
	if (st->quota_level)
		out[n++] = st->quota_level == 2 ? "storage_full" : "storage_warning";
	if (st->disk_level)
		out[n++] = st->disk_level == 2 ? "disk_full" : "disk_low";
	return n;
}

void asm_storage_warn_conn(struct ws_conn *c)
{
	struct asm_storage *st = asm_storage(ws_conn_app(c));
	const char *w[2];
	size_t n = st ? conditions(st, w) : 0;
	for (size_t i = 0; i < n; i++)
		ws_send_json(c, asm_warning_json(w[i]));
}

/* Tells everyone in every open session. */
static void warn_all(struct app *app, const char *warning)
{
	int64_t ids[256];
	size_t n = asm_store_sessions_open(app->db, ids, 256);
	for (size_t i = 0; i < n; i++)
		asm_room_warn(app, ids[i], warning);
}

static char *mail_body(struct app *app, const struct asm_storage *st, int level)
{
	const struct config *cfg = app->cfg;
	char used[32], quota[32], warn[32], free_[32], low[32], reserve[32];
	struct buf b;
	asm_format_bytes(st->used, used, sizeof used);
	asm_format_bytes(cfg->recording_quota_bytes, quota, sizeof quota);
	asm_format_bytes(asm_quota_warn_bytes(cfg), warn, sizeof warn);
	asm_format_bytes(st->free_disk, free_, sizeof free_);
	asm_format_bytes(cfg->recording_disk_low_bytes, low, sizeof low);
	asm_format_bytes(cfg->recording_disk_reserve_bytes, reserve, sizeof reserve);
	buf_init(&b);
	buf_printf(&b, "%s\n\n", cfg->lsp_name);
	buf_printf(&b, "Penyimpanan rekaman asesmen jarak jauh %s.\n\n",
		   level == 2 ? "PENUH" : "hampir penuh");
	if (cfg->recording_quota_bytes > 0)
		buf_printf(&b, "Kuota: %s terpakai dari %s (peringatan pada %s).\n", used, quota,
			   warn);
	else
		buf_printf(&b, "Terpakai: %s (tanpa kuota).\n", used);
	if (st->free_disk >= 0)
		buf_printf(&b, "Ruang disk kosong: %s (peringatan di bawah %s, cadangan %s).\n",
			   free_, low, reserve);
	if (st->quota_level == 2)
		buf_adds(&b, "Kuota tercapai: rekaman baru ditolak; rekaman yang sedang berjalan "
			     "tetap diterima sampai batas cadangan disk.\n");
	if (st->disk_level == 2)
		buf_adds(&b, "Disk di bawah cadangan: potongan rekaman ditolak dan disimpan di "
			     "perangkat peserta sampai server dapat menerimanya.\n");
	buf_adds(&b, "Tindakan: musnahkan rekaman yang masa simpannya berakhir (ujikom purge), "
		     "tambah ruang disk, atau naikkan recording_quota_bytes.\n\n");
	buf_printf(&b, "Remote assessment recording storage is %s.\n\n",
		   level == 2 ? "FULL" : "nearly full");
	if (cfg->recording_quota_bytes > 0)
		buf_printf(&b, "Quota: %s used of %s (warning at %s).\n", used, quota, warn);
	else
		buf_printf(&b, "Used: %s (no quota).\n", used);
	if (st->free_disk >= 0)
		buf_printf(&b, "Free disk: %s (warning below %s, reserve %s).\n", free_, low,
			   reserve);
	if (st->quota_level == 2)
		buf_adds(&b, "The quota is reached: new recordings are refused; recordings in "
			     "progress are still accepted down to the disk reserve.\n");
	if (st->disk_level == 2)
		buf_adds(&b, "The disk is below its reserve: recording chunks are refused and stay "
			     "on the participants' devices until the server can take them.\n");
	buf_adds(&b, "To do: purge recordings past their keeping period (ujikom purge), add disk "
		     "space, or raise recording_quota_bytes.\n");
	char *s = xstrdup(b.ptr ? b.ptr : "");
	buf_cleanup(&b);
	return s;
}

/* The storage admins: holders of assessment.storage.alert, else the active LSP admins. */
static enum err recipients(struct db *db, struct arena *a, const char ***to, size_t *n)
{
	enum err e = auth_perm_holder_emails(db, a, ASM_PERM_ALERT, to, n);
	if (e != ERR_OK || *n)
		return e;
	struct auth_account *acc = NULL;
	size_t k = 0;
	int64_t total = 0;
	e = auth_account_list(db, a, NULL, "admin_lsp", 0, 100, clock_now_ms(), &acc, &k, &total);
	if (e != ERR_OK)
		return e;
	const char **v = arena_alloc(a, (k ? k : 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (!strcmp(acc[i].status, "active"))
			v[(*n)++] = acc[i].email;
	*to = v;
	return ERR_OK;
}

/* Stores level (and, when it rose above what the admins were told, the e-mails and a ledger
 * entry) in one transaction. */
static void store_level(struct app *app, struct asm_storage *st, int level)
{
	int notify = level > st->notified;
	struct arena *a = arena_new();
	const char **to = NULL;
	size_t nto = 0;
	int64_t now = clock_now_ms();
	char *body = NULL;
	enum err e = ERR_OK;
	if (notify && (e = recipients(app->db, a, &to, &nto)) == ERR_OK && !nto) {
		/* nobody to tell yet (a first start before any admin exists): the level is stored,
		 * the e-mail waits for an evaluation that finds a recipient */
		notify = 0;
		if (!st->told_nobody)
			log_error("assessment: recording storage is %s and nobody holds %s or the "
				  "admin_lsp role to be told",
				  level_names[level], ASM_PERM_ALERT);
		st->told_nobody = 1;
		if (st->stored && level == st->level) {
			arena_free(&a);
			return;
		}
	}
	int notified = notify || level < st->notified ? level : st->notified;
	if (e == ERR_OK)
		e = db_begin(app->db);
	if (e == ERR_OK)
		e = asm_store_storage_state_put(app->db, level_names[level], level_names[notified],
						notify, now);
	if (e == ERR_OK && notify) {
		body = mail_body(app, st, level);
		const char *subject = level == 2
					  ? "Penyimpanan rekaman penuh / Recording storage full"
					  : "Penyimpanan rekaman hampir penuh / Recording "
					    "storage nearly full";
		for (size_t i = 0; e == ERR_OK && i < nto; i++)
			e = outbox_enqueue(app->db, to[i], subject, body, now);
		if (e == ERR_OK) {
			json_t *p =
			    json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:I}", "level",
				      level_names[level], "used", (json_int_t)st->used, "quota",
				      (json_int_t)app->cfg->recording_quota_bytes, "free_disk",
				      (json_int_t)st->free_disk, "quota_level",
				      level_names[st->quota_level], "disk_level",
				      level_names[st->disk_level], "recipients", (json_int_t)nto);
			e = ledger_append(app->db, 0, "assessment.storage.alert", "storage",
					  "recordings", p, now, NULL);
			json_decref(p);
		}
	}
	if (e == ERR_OK)
		e = db_commit(app->db);
	else
		db_rollback(app->db);
	free(body);
	arena_free(&a);
	if (e != ERR_OK) { /* tried again at an evaluation a minute later */
		st->store_failed_us = clock_mono_us();
		log_error("assessment: storing the storage level %s: %s", level_names[level],
			  err_name(e));
		return;
	}
	if (level != st->level)
		log_info("assessment: recording storage level %s -> %s (used %lld, free disk %lld)",
			 level_names[st->level], level_names[level], (long long)st->used,
			 (long long)st->free_disk);
	if (notify) {
		st->alerts++;
		st->told_nobody = 0;
	}
	st->level = level;
	st->notified = notified;
	st->stored = 1;
	st->store_failed_us = 0;
}

/* Re-evaluates both levels from used and free_disk; tells what rose. Service thread. */
static void evaluate(struct app *app, struct asm_storage *st)
{
	const struct config *cfg = app->cfg;
	int q = 0, d = 0;
	if (cfg->recording_quota_bytes > 0)
		q = hysteresis(st->quota_level, st->used, asm_quota_warn_bytes(cfg),
			       cfg->recording_quota_bytes, cfg->recording_quota_bytes / 50);
	if (st->free_disk >= 0) /* less free is worse: compare negated */
		d = hysteresis(st->disk_level, -st->free_disk, -cfg->recording_disk_low_bytes,
			       -cfg->recording_disk_reserve_bytes,
			       cfg->recording_disk_low_bytes / 20);
	int rose_q = q > st->quota_level, rose_d = d > st->disk_level;
	st->quota_level = q;
	st->disk_level = d;
	if (rose_q) {
		log_warn("assessment: recordings use %lld of the %lld-byte quota (%s)",
			 (long long)st->used, (long long)cfg->recording_quota_bytes,
			 q == 2 ? "full: new recordings are refused" : "warning");
		warn_all(app, q == 2 ? "storage_full" : "storage_warning");
	}
	if (rose_d) {
		log_warn("assessment: %lld bytes free under the recordings (%s)",
			 (long long)st->free_disk,
			 d == 2 ? "below the reserve: chunks are refused" : "low");
		warn_all(app, d == 2 ? "disk_full" : "disk_low");
	}
	int level = q > d ? q : d;
	if ((!st->stored || level != st->level || level != st->notified) &&
	    (!st->store_failed_us || clock_mono_us() - st->store_failed_us > 60 * 1000000LL))
		store_level(app, st, level);
}

void asm_storage_add(struct app *app, int64_t bytes, int64_t free_disk)
{
	struct asm_storage *st = asm_storage(app);
	if (!st)
		return;
	st->used += bytes;
	if (free_disk >= 0)
		st->free_disk = free_disk;
	evaluate(app, st);
}

int asm_storage_quota_full(struct app *app)
{
	struct asm_storage *st = asm_storage(app);
	return st && st->quota_level == 2;
}

void asm_storage_refused(struct app *app, enum asm_refuse why)
{
	struct asm_storage *st = asm_storage(app);
	if (st && why < ASM_RF__COUNT)
		st->refused[why]++;
}

struct recount_job {
	struct app *app;
	int64_t used, free_disk;
	enum err e;
};

static void recount_work(struct db *db, void *arg)
{
	struct recount_job *j = arg;
	j->e = asm_store_recordings_bytes(db, &j->used);
	j->free_disk = asm_disk_free(j->app);
}

static void recount_done(void *arg)
{
	struct recount_job *j = arg;
	struct asm_storage *st = asm_storage(j->app);
	if (st) {
		st->recounting = 0;
		if (j->e == ERR_OK)
			st->used = j->used;
		st->free_disk = j->free_disk;
		evaluate(j->app, st);
	}
	free(j);
}

void asm_storage_tick(struct app *app)
{
	struct asm_storage *st = asm_storage(app);
	if (!st || st->recounting)
		return;
	st->recounting = 1;
	struct recount_job *j = xcalloc(1, sizeof *j);
	j->app = app;
	work_submit(app->work, recount_work, recount_done, j);
}

enum err asm_storage_init(struct app *app)
{
	void **slot = app_module_state(app, &assessment_module);
	if (!slot)
		return ERR_INTERNAL;
	struct asm_storage *st = xcalloc(1, sizeof *st);
	struct arena *a = arena_new();
	const char *level = NULL, *notified = NULL;
	enum err e = asm_store_recordings_bytes(app->db, &st->used);
	if (e == ERR_OK) {
		e = asm_store_storage_state_get(app->db, a, &level, &notified);
		if (e == ERR_OK) {
			st->level = level_of(level);
			st->notified = level_of(notified);
			st->stored = 1;
		} else if (e == ERR_NOT_FOUND) {
			e = ERR_OK;
		}
	}
	arena_free(&a);
	if (e != ERR_OK) {
		free(st);
		return e;
	}
	if (app->cfg->recording_disk_low_bytes < app->cfg->recording_disk_reserve_bytes)
		log_warn(
		    "assessment: recording_disk_low_bytes is below recording_disk_reserve_bytes: "
		    "chunks will be refused before anyone is warned");
	st->free_disk = asm_disk_free(app);
	*slot = st;
	evaluate(app, st);
	return ERR_OK;
}

void asm_storage_cleanup(struct app *app)
{
	void **slot = app_module_state(app, &assessment_module);
	if (slot) {
		free(*slot);
		*slot = NULL;
	}
}

json_t *asm_storage_json(struct app *app)
{
	const struct config *cfg = app->cfg;
	struct asm_storage *st = asm_storage(app);
	const char *w[2];
	size_t n = st ? conditions(st, w) : 0;
	json_t *cond = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(cond, json_string(w[i]));
	if (!st)
		return json_pack("{s:o}", "conditions", cond);
	return json_pack(
	    "{s:s, s:o, s:{s:o, s:o, s:I, s:s}, s:{s:o, s:I, s:I, s:s}, s:s, s:I}", "level",
	    level_names[st->quota_level > st->disk_level ? st->quota_level : st->disk_level],
	    "conditions", cond, "quota", "bytes",
	    cfg->recording_quota_bytes ? json_integer(cfg->recording_quota_bytes) : json_null(),
	    "warn_at",
	    cfg->recording_quota_bytes ? json_integer(asm_quota_warn_bytes(cfg)) : json_null(),
	    "used", (json_int_t)st->used, "level", level_names[st->quota_level], "disk", "free",
	    st->free_disk >= 0 ? json_integer(st->free_disk) : json_null(), "low",
	    (json_int_t)cfg->recording_disk_low_bytes, "reserve",
	    (json_int_t)cfg->recording_disk_reserve_bytes, "level", level_names[st->disk_level],
	    "notified_level", level_names[st->notified], "recording_max_bytes",
	    (json_int_t)cfg->recording_max_bytes);
}

void asm_metrics(struct app *app, struct buf *out)
{
	struct asm_storage *st = asm_storage(app);
	if (!st)
		return;
	buf_printf(out,
		   "# HELP ujikom_recording_storage_used_bytes Bytes of kept and open recordings "
		   "(raw and final files), counted against the quota.\n"
		   "# TYPE ujikom_recording_storage_used_bytes gauge\n"
		   "ujikom_recording_storage_used_bytes %lld\n"
		   "# HELP ujikom_recording_storage_quota_bytes The recording quota (0: none).\n"
		   "# TYPE ujikom_recording_storage_quota_bytes gauge\n"
		   "ujikom_recording_storage_quota_bytes %lld\n"
		   "# HELP ujikom_recording_disk_free_bytes Free bytes under the recordings, as "
		   "last measured (-1: unknown).\n"
		   "# TYPE ujikom_recording_disk_free_bytes gauge\n"
		   "ujikom_recording_disk_free_bytes %lld\n"
		   "# HELP ujikom_recording_storage_level 0 ok, 1 warning, 2 full (quota and "
		   "disk).\n"
		   "# TYPE ujikom_recording_storage_level gauge\n"
		   "ujikom_recording_storage_level{of=\"quota\"} %d\n"
		   "ujikom_recording_storage_level{of=\"disk\"} %d\n"
		   "# HELP ujikom_recording_storage_alerts_total E-mail notices of a storage level "
		   "crossing.\n"
		   "# TYPE ujikom_recording_storage_alerts_total counter\n"
		   "ujikom_recording_storage_alerts_total %llu\n"
		   "# HELP ujikom_recording_refused_total Recordings or chunks refused by a "
		   "storage limit.\n"
		   "# TYPE ujikom_recording_refused_total counter\n",
		   (long long)st->used, (long long)app->cfg->recording_quota_bytes,
		   (long long)st->free_disk, st->quota_level, st->disk_level,
		   (unsigned long long)st->alerts);
	for (int i = 0; i < ASM_RF__COUNT; i++)
		buf_printf(out, "ujikom_recording_refused_total{reason=\"%s\"} %llu\n",
			   refuse_names[i], (unsigned long long)st->refused[i]);
}
