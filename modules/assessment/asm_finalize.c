/* Finalising a recording on a worker: under the raw file's lock (the ingest takes the same lock),
 * cut the raw file to the bytes counted in the database (a write a crash interrupted is not
 * counted), remux it with media_remux_webm into a seekable WebM, make a JPEG poster from the final
 * file, take the files into the blob store, and record the hashes, sizes and duration with a
 * ledger entry in one transaction. A recording without a poster (audio only, no decodable frame)
 * is still final. A raw file that does not remux leaves the recording "failed" with the reason and
 * the raw file kept where it is. The tick (and start-up) finalises recordings of sessions that
 * ended more than END_GRACE_MS ago with no chunk since, and any recording idle for 15 minutes; the
 * others stay open so that their browsers can resume them (?rec=) after a server restart, and the
 * tick finalises them once idle. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "assessment_internal.h"
#include "blob.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "media.h"
#include "work.h"
#include "ws.h"

#define IDLE_DEFAULT_MS (15 * 60 * 1000)
/* After a session ends, its browsers may still deliver the chunks they hold (a participant
 * offline at the end resumes with ?rec=); recordings are finalised once this long passed without a
 * chunk. */
#define END_GRACE_MS (2 * 60 * 1000)
/* The poster: a frame 10 % into the recording, at most 2 s in (the camera's first frames are often
 * dark or blurred; a short recording still gets a frame inside it), at most 640 pixels wide (the
 * player's size on the playback page; the case page shows it smaller). */
#define POSTER_AT_MAX_MS 2000
#define POSTER_MAX_W	 640

struct fin_job {
	struct app *app;
	int64_t rec_id;
	uint64_t conn;
	int done; /* 1 final, -1 failed, 0 nothing to do (already final) */
	char sha256[SHA256_HEX_LEN + 1];
	int64_t duration_ms;
	const char *error;
};

static enum err record(struct db *db, const struct asm_recording *r, const struct asm_recording *f,
		       int64_t now)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	enum err e = asm_store_recording_final(db, r->id, f, now);
	if (e != ERR_OK)
		return e;
	json_t *p =
	    json_pack("{s:I, s:s, s:I, s:I}", "session_id", (json_int_t)r->session_id, "state",
		      f->state, "chunks", (json_int_t)r->next_seq, "bytes", (json_int_t)r->bytes);
	if (f->raw_sha256)
		json_object_set_new(p, "raw_sha256", json_string(f->raw_sha256));
	if (f->final_sha256)
		json_object_set_new(p, "sha256", json_string(f->final_sha256));
	if (f->poster_sha256)
		json_object_set_new(p, "poster_sha256", json_string(f->poster_sha256));
	if (f->error)
		json_object_set_new(p, "error", json_string(f->error));
	e = ledger_append(db, r->account_id, "assessment.recording.final", "recording", id, p, now,
			  NULL);
	json_decref(p);
	return e;
}

/* Makes the poster of the final file final_path at poster_path and hashes it into sha/size.
 * Returns 0 when there is none: no video stream, no decodable frame, an I/O error (logged; a
 * recording never fails for its poster), with nothing left at poster_path. */
static int poster_make(int64_t rec_id, const char *final_path, const struct media_remux_result *res,
		       const char *poster_path, char sha[SHA256_HEX_LEN + 1], int64_t *size)
{
	int video = 0;
	char *jpg = NULL;
	size_t n = 0;
	for (unsigned i = 0; i < res->nstreams; i++)
		video |= res->streams[i].kind == MEDIA_KIND_VIDEO;
	if (!video) /* audio only: nothing to show */
		return 0;
	int64_t at = res->duration_ms / 10;
	if (at > POSTER_AT_MAX_MS)
		at = POSTER_AT_MAX_MS;
	enum err e = media_thumbnail_jpeg(final_path, at, POSTER_MAX_W, poster_path);
	if (e != ERR_OK) {
		log_warn("assessment: recording %lld has no poster: %s", (long long)rec_id,
			 err_name(e));
		return 0;
	}
	if (util_read_file(poster_path, 8u << 20, &jpg, &n) != 0 || n == 0) {
		log_warn("assessment: recording %lld: cannot read its poster", (long long)rec_id);
		free(jpg);
		unlink(poster_path);
		return 0;
	}
	util_sha256_hex(jpg, n, sha);
	*size = (int64_t)n;
	free(jpg);
	return 1;
}

static void fin_work(struct db *db, void *arg)
{
	struct fin_job *j = arg;
	char raw[PATH_MAX], out[PATH_MAX], poster[PATH_MAX], poster_sha[SHA256_HEX_LEN + 1];
	int64_t poster_size = 0;
	int has_poster = 0, took_out = 0, took_raw = 0;
	struct arena *a = arena_new();
	struct asm_recording r, f = {0};
	struct media_remux_result res;
	int fd = -1;
	enum err e;
	if (asm_rec_path(j->app, j->rec_id, ".webm", raw, sizeof raw) != 0 ||
	    asm_rec_path(j->app, j->rec_id, ".final.webm", out, sizeof out) != 0 ||
	    asm_rec_path(j->app, j->rec_id, ".poster.jpg", poster, sizeof poster) != 0)
		goto out;
	fd = open(raw, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0)
		goto out;
	if (asm_store_recording_get(db, a, j->rec_id, &r) != ERR_OK ||
	    strcmp(r.state, "recording") != 0)
		goto out;
	int64_t now = clock_now_ms();
	if (ftruncate(fd, (off_t)r.bytes) != 0 || fsync(fd) != 0)
		goto out;
	/* the remux runs before the transaction: a write transaction must stay short */
	int remuxed = r.bytes > 0 && media_remux_webm(raw, out, &res) == ERR_OK;
	/* so is the poster, made from the final file */
	if (remuxed)
		has_poster = poster_make(j->rec_id, out, &res, poster, poster_sha, &poster_size);
	if ((e = db_begin(db)) != ERR_OK)
		goto out;
	if (remuxed) {
		f.state = "final";
		f.raw_sha256 = res.raw_sha256;
		f.final_sha256 = res.out_sha256;
		f.final_bytes = (int64_t)res.out_bytes;
		f.duration_ms = res.duration_ms;
		f.truncated = res.truncated;
		f.has_cues = res.has_cues;
		e = blob_adopt(j->app, db, out, res.out_sha256, (int64_t)res.out_bytes,
			       "video/webm", now, NULL);
		took_out = e == ERR_OK;
		if (e == ERR_OK)
			e = blob_adopt(j->app, db, raw, res.raw_sha256, (int64_t)res.raw_bytes,
				       "video/webm", now, NULL);
		took_raw = took_out && e == ERR_OK;
		if (e == ERR_OK && has_poster) {
			/* a poster the store does not take is left out; only a database error (the
			 * transaction is in doubt) fails the whole step */
			enum err pe = blob_adopt(j->app, db, poster, poster_sha, poster_size,
						 "image/jpeg", now, NULL);
			if (pe == ERR_OK)
				f.poster_sha256 = poster_sha;
			else if (pe == ERR_DB)
				e = pe;
			else
				log_warn("assessment: recording %lld: poster not stored: %s",
					 (long long)j->rec_id, err_name(pe));
		}
	} else {
		f.state = "failed";
		f.error = r.bytes > 0 ? "remux_failed" : "empty";
	}
	if (e == ERR_OK)
		e = record(db, &r, &f, now);
	if (e == ERR_OK)
		e = db_commit(db);
	else
		db_rollback(db);
	if (e != ERR_OK && took_raw) {
		/* the received bytes go back where the next attempt (the tick, or the next start)
		 * finds them: without this, it would find an empty raw file and count zeros as the
		 * recording */
		if (blob_unadopt(j->app, db, res.raw_sha256, raw) != ERR_OK)
			log_error("assessment: recording %lld: raw file stays at blob %s",
				  (long long)j->rec_id, res.raw_sha256);
	}
	if (e != ERR_OK && took_out)
		blob_unadopt(j->app, db, res.out_sha256, out); /* remade next time anyway */
	if (e != ERR_OK) {
		log_error("assessment: finalising recording %lld: %s", (long long)j->rec_id,
			  err_name(e));
		goto out;
	}
	j->done = strcmp(f.state, "final") == 0 ? 1 : -1;
	/* the last recording of an ended session completes its manifest */
	asm_manifest_seal(db, r.session_id, clock_now_ms());
	j->error = f.error;
	j->duration_ms = f.duration_ms;
	if (f.final_sha256)
		snprintf(j->sha256, sizeof j->sha256, "%s", f.final_sha256);
out:
	if (has_poster)
		unlink(poster); /* adopted: gone already; otherwise not kept */
	if (fd >= 0)
		close(fd);
	arena_free(&a);
}

static void fin_done(void *arg)
{
	struct fin_job *j = arg;
	struct ws_conn *c = j->conn ? ws_conn_by_id(j->app, j->conn) : NULL;
	if (c) {
		if (j->done > 0)
			ws_send_json(c, json_pack("{s:s, s:I, s:s, s:I}", "type", "final", "rec",
						  (json_int_t)j->rec_id, "sha256", j->sha256,
						  "duration_ms", (json_int_t)j->duration_ms));
		else
			ws_send_json(c, json_pack("{s:s, s:I, s:s}", "type", "error", "rec",
						  (json_int_t)j->rec_id, "error",
						  j->error ? j->error : "finalize_failed"));
		ws_close(c, 1000, "final");
	}
	free(j);
}

void asm_finalize_start(struct app *app, int64_t rec_id, uint64_t conn)
{
	struct fin_job *j = xcalloc(1, sizeof *j);
	j->app = app;
	j->rec_id = rec_id;
	j->conn = conn;
	work_submit(app->work, fin_work, fin_done, j);
}

static void finalize_idle(struct app *app, int64_t now_ms)
{
	int64_t ids[64];
	size_t n = asm_store_recordings_open(app->db, now_ms - IDLE_DEFAULT_MS,
					     now_ms - END_GRACE_MS, ids, 64);
	for (size_t i = 0; i < n; i++)
		asm_finalize_start(app, ids[i], 0);
}

enum err asm_init(struct app *app)
{
	char dir[PATH_MAX];
	int w = snprintf(dir, sizeof dir, "%s/recordings", app->cfg->data_dir);
	if (w < 0 || (size_t)w >= sizeof dir)
		return ERR_INVALID;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("assessment: cannot create %s: %s", dir, strerror(errno));
		return ERR_IO;
	}
	/* after a crash: recordings of ended sessions, or idle ones, are finalised now; the others
	 * wait for their browsers to resume them */
	finalize_idle(app, clock_now_ms());
	return asm_storage_init(app);
}

void asm_tick(struct app *app, int64_t now_ms)
{
	int64_t open[256];
	size_t n = asm_store_sessions_open(app->db, open, 256);
	for (size_t i = 0; i < n; i++) /* a sign-out ends the account's live connections */
		asm_room_check_sessions(app, open[i]);
	finalize_idle(app, now_ms);
	asm_storage_tick(app); /* finalising and purges change the bytes kept */
}
