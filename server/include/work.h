/* Worker pool for slow work (Argon2id, remux, PDF, fsync batches) and the completion bridge back
 * to the service thread: a worker pushes a completion onto a locked queue and wakes the event loop
 * (the transport registers a waker that calls lws_cancel_service()). With 0 threads, jobs run
 * inline in work_submit (used by module tests). */
#ifndef UJIKOM_WORK_H
#define UJIKOM_WORK_H
#include <stddef.h>

struct db;
struct work_pool;

typedef void (*work_fn)(struct db *db, void *arg);
typedef void (*done_fn)(void *arg);

/* db_path: each worker opens its own connection to it (NULL: workers get no database). */
struct work_pool *work_pool_new(unsigned nthreads, const char *db_path);
/* Finishes queued jobs, joins the threads. Pending completions are run (done) first. */
void work_pool_free(struct work_pool **p);
/* Called by a worker when a completion is queued; must be thread safe (lws_cancel_service). */
void work_pool_set_waker(struct work_pool *p, void (*wake)(void *), void *ctx);
/* Queues work; done(arg) later runs on the service thread inside work_pool_drain(). */
void work_submit(struct work_pool *p, work_fn work, done_fn done, void *arg);
/* Runs every queued completion; call from the service thread. Returns how many ran. */
size_t work_pool_drain(struct work_pool *p);
/* Jobs queued or running (for /metrics). */
size_t work_pool_depth(struct work_pool *p);
/* Service-thread database for inline mode (0 threads). */
void work_pool_set_inline_db(struct work_pool *p, struct db *db);

#endif
