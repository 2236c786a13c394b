/* Recording ingest that loses nothing: WebSocket channel "rekam"
 * (/ws/rekam?sesi=N&track=kamera[&rec=R to resume]). Each binary message is one MediaRecorder
 * chunk: a 4-byte big-endian sequence number, then the bytes. The service thread accepts only the
 * next expected number (a later one gets {"type":"nack","expected":n}; an earlier one is a resend
 * whose acknowledgement was lost and is acknowledged again), queues it, and hands the chunks of
 * one connection to a worker one at a time: the worker writes the chunk at the recording's
 * recorded offset (pwrite, so a repeated write is harmless), fdatasync's it (and the directory
 * for the first chunk), then advances next_seq and bytes in the database with a compare-and-set;
 * only then is {"type":"ack","seq":n,"bytes":b} sent. While more than RX_HIGH bytes wait, the
 * connection stops reading (ws_pause); a client sending faster than recording_rate_kbit is slowed
 * the same way (ws_rate_limit), never refused. {"type":"stop"} finalises after the queue drained
 * (asm_finalize.c). Storage limits (asm_quota.c): a new recording is refused while the quota is
 * full, any connection while the disk is below its reserve or when the participant has
 * recording_open_max connections open in the session (each with an error message and a close);
 * a chunk that would take the disk below the reserve is not written nor acknowledged, and the
 * chunk that would take a recording over recording_max_bytes ends the recording. */
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

#define RX_HIGH (8 * 1024 * 1024) /* queued bytes that pause reading */
#define RX_LOW	(2 * 1024 * 1024) /* ... and resume it */

/* Close codes of the channel (ws.h: modules use 4000-4999). */
#define CLOSE_RECORDING_CLOSED 4001
#define CLOSE_TOO_BIG	       4002
#define CLOSE_QUOTA_FULL       4004
#define CLOSE_TOO_MANY	       4005
#define CLOSE_SUPERSEDED       4006
#define CLOSE_DISK_FULL	       4007

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
	int inflight, paused, stopping; /* stopping: 1 asked, 2 finalising, 3 over the maximum */
	const char *refuse;		/* refused at open: the error code (static) */
	char detail[32];		/* the refusal message's %s */
};

enum ingest_result { IR_OK, IR_DUP, IR_CLOSED, IR_FULL, IR_TOO_BIG, IR_IO };

struct ingest_job {
	struct app *app;
	uint64_t conn;
	int64_t rec_id, seq, bytes_after;
	int64_t max_bytes, reserve; /* recording_max_bytes, recording_disk_reserve_bytes */
	int64_t free_disk;	    /* measured around the write; -1 unknown */
	enum ingest_result res;
	struct chunk *c;
};

static int64_t fd_free(int fd)
{
	struct statvfs vfs;
	if (fstatvfs(fd, &vfs) != 0)
		return -1;
	return (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
}

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
	j->free_disk = -1;
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
	if (r.bytes + (int64_t)j->c->len > j->max_bytes) {
		j->res = IR_TOO_BIG;
		goto out;
	}
	/* the reserve keeps room for the database, the outbox and finalising (the remuxed copy) */
	j->free_disk = fd_free(fd);
	if (j->free_disk >= 0 && j->free_disk < j->reserve + (int64_t)j->c->len) {
		j->res = IR_FULL;
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
	j->free_disk = fd_free(fd);
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

/* Drops what is queued and takes no more chunks: the recording ends at its maximum. */
static void end_over_max(struct ws_conn *c, struct rec_conn *rc)
{
	struct app *app = ws_conn_app(c);
	char max[32];
	for (struct chunk *k = rc->head, *n; k; k = n) {
		n = k->next;
		free(k);
	}
	rc->head = rc->tail = NULL;
	rc->queued = 0;
	rc->stopping = 3;
	asm_format_bytes(app->cfg->recording_max_bytes, max, sizeof max);
	asm_storage_refused(app, ASM_RF_TOO_BIG);
	log_info("assessment: recording %lld reached recording_max_bytes; finalised",
		 (long long)rc->rec_id);
	ws_send_json(c, asm_error_json("recording_too_big", max));
	ws_close(c, CLOSE_TOO_BIG, "recording too big");
	/* what was taken is kept and sealed; the browser continues with a new recording */
	asm_finalize_start(app, rc->rec_id, 0);
}

static void ingest_done(void *arg)
{
	struct ingest_job *j = arg;
	struct ws_conn *c = ws_conn_by_id(j->app, j->conn);
	struct rec_conn *rc = c ? ws_conn_data(c) : NULL;
	/* the bytes are on disk whether or not the connection is still there */
	if (j->res == IR_OK)
		asm_storage_add(j->app, (int64_t)j->c->len, j->free_disk);
	else if (j->res == IR_FULL) /* the disk as it would be after the chunk: under the reserve */
		asm_storage_add(j->app, 0,
				j->free_disk >= 0 ? j->free_disk - (int64_t)j->c->len : -1);
	if (j->res == IR_FULL)
		asm_storage_refused(j->app, ASM_RF_DISK);
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
			ws_close(c, CLOSE_RECORDING_CLOSED, "recording closed");
			break;
		case IR_TOO_BIG:
			end_over_max(c, rc);
			break;
		case IR_FULL:
		case IR_IO: {
			/* not acknowledged: the browser keeps the chunk and sends it again */
			json_t *m =
			    asm_error_json(j->res == IR_FULL ? "disk_full" : "io_error", NULL);
			json_object_set_new(m, "seq", json_integer(j->seq));
			ws_send_json(c, m);
			ws_close(c, 1011, "storage");
			break;
		}
		}
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
	if (!rc || rc->inflight || rc->stopping == 3)
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
	j->max_bytes = app->cfg->recording_max_bytes;
	j->reserve = app->cfg->recording_disk_reserve_bytes;
	j->c = k;
	rc->inflight = 1;
	work_submit(app->work, ingest_work, ingest_done, j);
}

struct count_ctx {
	int64_t account_id, except_rec;
	int64_t n;
};

static void count_open(struct ws_conn *c, void *arg)
{
	struct count_ctx *x = arg;
	const struct rec_conn *rc = ws_conn_data(c);
	/* closing connections (ws_conn_by_id gives NULL) no longer count */
	if (rc && rc->account_id == x->account_id && rc->rec_id != x->except_rec &&
	    ws_conn_by_id(ws_conn_app(c), ws_conn_id(c)) == c)
		x->n++;
}

/* Open ingest connections of account in session, not counting those of recording except_rec
 * (a resume supersedes them). */
static int64_t open_count(struct app *app, int64_t session_id, int64_t account_id,
			  int64_t except_rec)
{
	char room[32];
	struct count_ctx x = {account_id, except_rec, 0};
	snprintf(room, sizeof room, "rekam:%lld", (long long)session_id);
	ws_room_foreach(app, &asm_rec_channel, room, count_open, &x);
	return x.n;
}

/* A refusal the handshake accepts so that the client learns why: on_open sends the error with
 * its message and closes (lws 4.1 cannot answer a refused handshake with anything). */
static void refuse(struct rec_conn *rc, const char *code, const char *detail)
{
	rc->refuse = code;
	snprintf(rc->detail, sizeof rc->detail, "%s", detail ? detail : "");
}

enum err asm_rec_authorize(struct app *app, const struct principal *who, const struct ws_args *args,
			   void **data)
{
	int64_t sid = 0, rec = 0;
	struct asm_session s;
	struct asm_recording r;
	const struct config *cfg = app->cfg;
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
	const char *mime = ws_arg(args, "mime");
	if (!mime || !*mime)
		mime = "video/webm";
	if (!rec && strncmp(mime, "video/webm", 10) != 0 && strncmp(mime, "audio/webm", 10) != 0)
		return ERR_INVALID; /* the remux takes WebM only */
	struct arena *a = arena_new();
	struct rec_conn *rc = xcalloc(1, sizeof *rc);
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
	}
	/* the limits, in the order a participant can do something about */
	int64_t free_disk = e == ERR_OK ? asm_disk_free(app) : -1;
	char text[32];
	if (e != ERR_OK) {
		/* refused at the handshake */
	} else if (open_count(app, sid, who->account_id, rec) >= cfg->recording_open_max) {
		snprintf(text, sizeof text, "%lld", (long long)cfg->recording_open_max);
		refuse(rc, "too_many_recordings", text);
		asm_storage_refused(app, ASM_RF_TOO_MANY);
	} else if (free_disk >= 0 && free_disk < cfg->recording_disk_reserve_bytes) {
		refuse(rc, "disk_full", NULL);
		asm_storage_refused(app, ASM_RF_DISK);
		asm_storage_add(app, 0, free_disk);
	} else if (!rec && asm_storage_quota_full(app)) {
		/* a recording in progress goes on (resumes too): an assessment that has started is
		 * not cut off by the quota, only by the disk reserve */
		asm_format_bytes(cfg->recording_quota_bytes, text, sizeof text);
		refuse(rc, "quota_full", text);
		asm_storage_refused(app, ASM_RF_QUOTA);
	} else if (!rec && (e = db_begin(app->db)) == ERR_OK) {
		int64_t now = clock_now_ms();
		e = asm_store_recording_insert(app->db, sid, who->account_id, track, mime, now,
					       &rec);
		if (e == ERR_OK) {
			char id[24];
			snprintf(id, sizeof id, "%lld", (long long)rec);
			json_t *p =
			    json_pack("{s:I, s:s}", "session_id", (json_int_t)sid, "track", track);
			e = ledger_append(app->db, who->account_id, "assessment.recording.start",
					  "recording", id, p, now, NULL);
			json_decref(p);
		}
		if (e == ERR_OK)
			e = db_commit(app->db);
		else
			db_rollback(app->db);
		if (e == ERR_OK)
			e = asm_store_recording_get(app->db, a, rec, &r);
	}
	if (e == ERR_OK) {
		rc->session_id = sid;
		rc->account_id = who->account_id;
		if (!rc->refuse) {
			rc->rec_id = rec;
			rc->expected = r.next_seq;
		}
		*data = rc;
	} else {
		free(rc);
	}
	arena_free(&a);
	return e;
}

static void supersede(struct ws_conn *c, void *arg)
{
	const struct ws_conn *self = arg;
	const struct rec_conn *rc = ws_conn_data(c), *mine = ws_conn_data(self);
	if (c != self && rc && rc->rec_id == mine->rec_id)
		ws_close(c, CLOSE_SUPERSEDED, "resumed elsewhere");
}

void asm_rec_open(struct ws_conn *c)
{
	struct rec_conn *rc = ws_conn_data(c);
	struct app *app = ws_conn_app(c);
	char room[32];
	if (rc->refuse) {
		int code = !strcmp(rc->refuse, "quota_full")  ? CLOSE_QUOTA_FULL
			   : !strcmp(rc->refuse, "disk_full") ? CLOSE_DISK_FULL
							      : CLOSE_TOO_MANY;
		ws_send_json(c, asm_error_json(rc->refuse, rc->detail));
		ws_close(c, code, rc->refuse);
		return;
	}
	/* the session's recorders in one room, so that signed-out accounts can be found (tick) */
	snprintf(room, sizeof room, "rekam:%lld", (long long)rc->session_id);
	/* the browser runs one upload per recording: an older connection of it is a ghost whose
	 * network went away (it would be dropped at the idle timeout) */
	ws_room_foreach(app, &asm_rec_channel, room, supersede, c);
	ws_room_join(c, room);
	if (app->cfg->recording_rate_kbit > 0)
		ws_rate_limit(c, app->cfg->recording_rate_kbit * 1000 / 8, 0);
	struct arena *a = arena_new();
	struct asm_recording r;
	if (asm_store_recording_get(app->db, a, rc->rec_id, &r) == ERR_OK)
		ws_send_json(c, json_pack("{s:s, s:I, s:I, s:I, s:I}", "type", "ready", "rec",
					  (json_int_t)rc->rec_id, "next_seq",
					  (json_int_t)r.next_seq, "bytes", (json_int_t)r.bytes,
					  "max_bytes", (json_int_t)app->cfg->recording_max_bytes));
	arena_free(&a);
	asm_storage_warn_conn(c);
}

void asm_rec_binary(struct ws_conn *c, const void *data, size_t len)
{
	struct rec_conn *rc = ws_conn_data(c);
	uint32_t be;
	if (rc->refuse || rc->stopping == 3)
		return; /* closing: the refusal or the end was sent */
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
	if (rc->refuse || rc->stopping == 3) {
		/* closing: the refusal or the end was sent */
	} else if (type && !strcmp(type, "stop")) {
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
