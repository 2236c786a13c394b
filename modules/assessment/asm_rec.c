/* Recording ingest that loses nothing: WebSocket channel "rekam"
 * (/ws/rekam?sesi=N&track=kamera[&rec=R to resume]). Each binary message is one MediaRecorder
 * chunk: a 4-byte big-endian sequence number, then the bytes. The service thread accepts only the
 * next expected number (a later one gets {"type":"nack","expected":n}; an earlier one is a resend
 * whose acknowledgement was lost and is acknowledged again), queues it, and hands the chunks of
 * one connection to a worker one at a time: the worker writes the chunk at the recording's
 * recorded offset (pwrite, so a repeated write is harmless), fdatasync's it (and the directory
 * for the first chunk), then advances next_seq and bytes in the database with a compare-and-set;
 * only then is {"type":"ack","seq":n,"bytes":b} sent. While more than RX_HIGH bytes wait, the
 * connection stops reading (ws_pause). {"type":"stop"} finalises after the queue drained
 * (asm_finalize.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "app.h"
#include "assessment_internal.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "ledger.h"
#include "log.h"
#include "work.h"
#include "ws.h"

#define RX_HIGH	 (8 * 1024 * 1024)		    /* queued bytes that pause reading */
#define RX_LOW	 (2 * 1024 * 1024)		    /* ... and resume it */
#define LOW_DISK ((uint64_t)2 * 1024 * 1024 * 1024) /* free bytes below which all are warned */
#define REC_MAX	 ((int64_t)8 * 1024 * 1024 * 1024)  /* one recording, about 18 h at 1 Mbit/s */

struct chunk {
	struct chunk *next;
	int64_t seq;
	size_t len;
	unsigned char data[];
};

struct rec_conn {
	int64_t rec_id, session_id, account_id;
	int64_t expected; /* the next sequence number taken into the queue */
	struct chunk *head, *tail;
	size_t queued;
	int inflight, paused, stopping;
};

enum ingest_result { IR_OK, IR_DUP, IR_CLOSED, IR_FULL, IR_TOO_BIG, IR_IO };

struct ingest_job {
	struct app *app;
	uint64_t conn;
	int64_t rec_id, seq, bytes_after;
	enum ingest_result res;
	int low_disk;
	struct chunk *c;
};

int asm_rec_path(const struct app *app, int64_t rec_id, const char *suffix, char *out, size_t n)
{
	int w =
	    snprintf(out, n, "%s/recordings/%lld%s", app->cfg->data_dir, (long long)rec_id, suffix);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int fsync_dir(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Worker: the chunk at the recording's recorded offset, durable, then counted. The file lock
 * keeps the write, the fdatasync and the count together against finalising (asm_finalize.c takes
 * the same lock): the state is read again under it, so nothing is written into a recording that
 * was finalised meanwhile. */
static void ingest_work(struct db *db, void *arg)
{
	struct ingest_job *j = arg;
	char path[PATH_MAX];
	struct arena *a = arena_new();
	struct asm_recording r;
	struct stat st;
	int fd = -1;
	j->res = IR_IO;
	if (asm_rec_path(j->app, j->rec_id, ".webm", path, sizeof path) != 0)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		j->res = errno == ENOSPC ? IR_FULL : IR_IO;
		goto out;
	}
	if (flock(fd, LOCK_EX) != 0 || asm_store_recording_get(db, a, j->rec_id, &r) != ERR_OK)
		goto out;
	if (strcmp(r.state, "recording") != 0) {
		j->res = IR_CLOSED;
		/* the raw file went into the blob store; this one was just created: remove it */
		if (fstat(fd, &st) == 0 && st.st_size == 0)
			unlink(path);
		goto out;
	}
	if (j->seq < r.next_seq) { /* written before; its ack was lost */
		j->res = IR_DUP;
		j->bytes_after = r.bytes;
		goto out;
	}
	if (r.bytes + (int64_t)j->c->len > REC_MAX) {
		j->res = IR_TOO_BIG;
		goto out;
	}
	size_t done = 0;
	while (done < j->c->len) {
		ssize_t w = pwrite(fd, j->c->data + done, j->c->len - done, r.bytes + (off_t)done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			j->res = errno == ENOSPC || errno == EDQUOT ? IR_FULL : IR_IO;
			log_error("assessment: write recording %lld: %s", (long long)j->rec_id,
				  strerror(errno));
			goto out;
		}
		done += (size_t)w;
	}
	if (fdatasync(fd) != 0 || (j->seq == 0 && fsync_dir(path) != 0)) {
		log_error("assessment: fdatasync recording %lld: %s", (long long)j->rec_id,
			  strerror(errno));
		goto out;
	}
	struct statvfs vfs;
	if (fstatvfs(fd, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < LOW_DISK)
		j->low_disk = 1;
	enum err e =
	    asm_store_recording_advance(db, j->rec_id, j->seq, (int64_t)j->c->len, clock_now_ms());
	j->bytes_after = r.bytes + (int64_t)j->c->len;
	j->res = e == ERR_OK ? IR_OK : IR_IO;
out:
	if (fd >= 0)
		close(fd); /* releases the lock */
	arena_free(&a);
}

static void pump(struct ws_conn *c);

static void ingest_done(void *arg)
{
	struct ingest_job *j = arg;
	struct ws_conn *c = ws_conn_by_id(j->app, j->conn);
	struct rec_conn *rc = c ? ws_conn_data(c) : NULL;
	if (rc) {
		rc->inflight = 0;
		switch (j->res) {
		case IR_OK:
		case IR_DUP:
			ws_send_json(c, json_pack("{s:s, s:I, s:I}", "type", "ack", "seq",
						  (json_int_t)j->seq, "bytes",
						  (json_int_t)j->bytes_after));
			break;
		case IR_CLOSED:
			ws_send_json(c, json_pack("{s:s, s:s}", "type", "error", "error",
						  "recording_closed"));
			ws_close(c, 4001, "recording closed");
			break;
		case IR_TOO_BIG:
			ws_send_json(c, json_pack("{s:s, s:s}", "type", "error", "error",
						  "recording_too_big"));
			ws_close(c, 4002, "recording too big");
			break;
		case IR_FULL:
		case IR_IO:
			/* not acknowledged: the browser keeps the chunk and sends it again */
			ws_send_json(c, json_pack("{s:s, s:s, s:I}", "type", "error", "error",
						  j->res == IR_FULL ? "disk_full" : "io_error",
						  "seq", (json_int_t)j->seq));
			ws_close(c, 1011, "storage");
			break;
		}
		if (j->low_disk)
			log_warn("assessment: free disk space below 2 GiB while recording %lld",
				 (long long)j->rec_id);
		if (j->low_disk)
			asm_room_warn(j->app, rc->session_id, "disk_low");
		pump(c);
	}
	free(j->c);
	free(j);
}

/* Starts the next queued chunk, resumes reading below RX_LOW, finalises a stopped recording. */
static void pump(struct ws_conn *c)
{
	struct rec_conn *rc = ws_conn_data(c);
	struct app *app = ws_conn_app(c);
	if (!rc || rc->inflight)
		return;
	if (rc->paused && rc->queued < RX_LOW) {
		rc->paused = 0;
		ws_resume(c);
	}
	struct chunk *k = rc->head;
	if (!k) {
		if (rc->stopping == 1) {
			rc->stopping = 2;
			asm_finalize_start(app, rc->rec_id, ws_conn_id(c));
		}
		return;
	}
	rc->head = k->next;
	if (!rc->head)
		rc->tail = NULL;
	rc->queued -= k->len;
	struct ingest_job *j = xcalloc(1, sizeof *j);
	j->app = app;
	j->conn = ws_conn_id(c);
	j->rec_id = rc->rec_id;
	j->seq = k->seq;
	j->c = k;
	rc->inflight = 1;
	work_submit(app->work, ingest_work, ingest_done, j);
}

enum err asm_rec_authorize(struct app *app, const struct principal *who, const struct ws_args *args,
			   void **data)
{
	int64_t sid = 0, rec = 0;
	struct asm_session s;
	struct asm_recording r;
	const char *track = ws_arg(args, "track");
	enum err e = ws_arg_int(args, "sesi", 1, INT64_MAX, &sid);
	if (e != ERR_OK)
		return ERR_INVALID;
	e = ws_arg_int(args, "rec", 1, INT64_MAX, &rec);
	if (e == ERR_INVALID)
		return e;
	if (!track)
		track = "kamera";
	if (strcmp(track, "kamera") != 0 && strcmp(track, "layar") != 0)
		return ERR_INVALID;
	struct arena *a = arena_new();
	e = asm_store_session_get(app->db, a, sid, &s);
	/* after the end only a resume of an unfinished recording (asm_finalize.c: the grace) */
	if (e == ERR_OK && strcmp(s.state, "open") != 0 && !rec)
		e = ERR_CONFLICT;
	/* participants record; observers only watch */
	const char *role = e == ERR_OK ? asm_access(app->db, a, &s, who->account_id, 0) : NULL;
	if (e == ERR_OK && !role)
		e = ERR_FORBIDDEN;
	if (e == ERR_OK && rec) { /* resume: this account's recording of this session, still open */
		e = asm_store_recording_get(app->db, a, rec, &r);
		if (e == ERR_OK && (r.session_id != sid || r.account_id != who->account_id))
			e = ERR_FORBIDDEN;
		if (e == ERR_OK && strcmp(r.state, "recording") != 0)
			e = ERR_CONFLICT;
	} else if (e == ERR_OK) {
		const char *mime = ws_arg(args, "mime");
		if (!mime || !*mime)
			mime = "video/webm";
		if (strncmp(mime, "video/webm", 10) != 0 && strncmp(mime, "audio/webm", 10) != 0)
			e = ERR_INVALID; /* the remux takes WebM only */
		if (e == ERR_OK && (e = db_begin(app->db)) == ERR_OK) {
			int64_t now = clock_now_ms();
			e = asm_store_recording_insert(app->db, sid, who->account_id, track, mime,
						       now, &rec);
			if (e == ERR_OK) {
				char id[24];
				snprintf(id, sizeof id, "%lld", (long long)rec);
				json_t *p = json_pack("{s:I, s:s}", "session_id", (json_int_t)sid,
						      "track", track);
				e = ledger_append(app->db, who->account_id,
						  "assessment.recording.start", "recording", id, p,
						  now, NULL);
				json_decref(p);
			}
			if (e == ERR_OK)
				e = db_commit(app->db);
			else
				db_rollback(app->db);
		}
		if (e == ERR_OK)
			e = asm_store_recording_get(app->db, a, rec, &r);
	}
	if (e == ERR_OK) {
		struct rec_conn *rc = xcalloc(1, sizeof *rc);
		rc->rec_id = rec;
		rc->session_id = sid;
		rc->account_id = who->account_id;
		rc->expected = r.next_seq;
		*data = rc;
	}
	arena_free(&a);
	return e;
}

void asm_rec_open(struct ws_conn *c)
{
	struct rec_conn *rc = ws_conn_data(c);
	char room[32];
	/* the session's recorders in one room, so that signed-out accounts can be found (tick) */
	snprintf(room, sizeof room, "rekam:%lld", (long long)rc->session_id);
	ws_room_join(c, room);
	struct arena *a = arena_new();
	struct asm_recording r;
	if (asm_store_recording_get(ws_conn_app(c)->db, a, rc->rec_id, &r) == ERR_OK)
		ws_send_json(c, json_pack("{s:s, s:I, s:I, s:I}", "type", "ready", "rec",
					  (json_int_t)rc->rec_id, "next_seq",
					  (json_int_t)r.next_seq, "bytes", (json_int_t)r.bytes));
	arena_free(&a);
}

void asm_rec_binary(struct ws_conn *c, const void *data, size_t len)
{
	struct rec_conn *rc = ws_conn_data(c);
	uint32_t be;
	if (len < sizeof be + 1 || rc->stopping) {
		ws_send_json(c, json_pack("{s:s, s:s}", "type", "error", "error", "bad_chunk"));
		return;
	}
	memcpy(&be, data, sizeof be);
	int64_t seq = ntohl(be);
	if (seq > rc->expected) { /* a gap: the browser must send the missing one first */
		ws_send_json(c, json_pack("{s:s, s:I, s:I}", "type", "nack", "seq", (json_int_t)seq,
					  "expected", (json_int_t)rc->expected));
		return;
	}
	size_t n = len - sizeof be;
	struct chunk *k = xmalloc(sizeof *k + n);
	k->next = NULL;
	k->seq = seq;
	k->len = n;
	memcpy(k->data, (const unsigned char *)data + sizeof be, n);
	if (rc->tail)
		rc->tail->next = k;
	else
		rc->head = k;
	rc->tail = k;
	rc->queued += n;
	if (seq == rc->expected)
		rc->expected++;
	if (!rc->paused && rc->queued > RX_HIGH) {
		rc->paused = 1;
		ws_pause(c);
	}
	pump(c);
}

void asm_rec_text(struct ws_conn *c, const char *text, size_t len)
{
	struct rec_conn *rc = ws_conn_data(c);
	json_t *m = json_loadb(text, len, 0, NULL);
	const char *type = json_string_value(json_object_get(m, "type"));
	if (type && !strcmp(type, "stop")) {
		if (!rc->stopping)
			rc->stopping = 1;
		pump(c);
	} else {
		ws_send_json(c, json_pack("{s:s, s:s}", "type", "error", "error", "unknown_type"));
	}
	json_decref(m);
}

void asm_rec_close(struct ws_conn *c)
{
	struct rec_conn *rc = ws_conn_data(c);
	if (!rc)
		return;
	/* Unacknowledged chunks are dropped: the browser still holds them and sends them again
	 * when it reconnects (?rec=). A job in flight finishes on its own. */
	for (struct chunk *k = rc->head, *n; k; k = n) {
		n = k->next;
		free(k);
	}
	free(rc);
	ws_conn_set_data(c, NULL);
}
