/* Worker threads for slow work, and the completion queue that hands results back to the service
 * thread (woken through the waker, which the transport points at lws_cancel_service()). */
#include <pthread.h>
#include <stdlib.h>

#include "arena.h"
#include "db.h"
#include "log.h"
#include "work.h"

struct job {
	struct job *next;
	work_fn work;
	done_fn done;
	void *arg;
};

struct work_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *head, *tail;	   /* queued work */
	struct job *done_head, *done_tail; /* finished, waiting for the service thread */
	size_t depth;			   /* queued + running */
	int stopping;
	unsigned n;
	pthread_t *threads;
	char *db_path;
	struct db *inline_db;
	void (*wake)(void *);
	void *wake_ctx;
};

static void *worker_main(void *p)
{
	struct work_pool *w = p;
	struct db *db = w->db_path ? db_open(w->db_path) : NULL;
	if (w->db_path && !db)
		log_error("worker: cannot open the database; jobs get no connection");
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->head)
			break; /* stopping and nothing left */
		struct job *j = w->head;
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->mu);
		j->work(db, j->arg);
		pthread_mutex_lock(&w->mu);
		j->next = NULL;
		if (w->done_tail)
			w->done_tail->next = j;
		else
			w->done_head = j;
		w->done_tail = j;
		if (w->wake)
			w->wake(w->wake_ctx);
	}
	pthread_mutex_unlock(&w->mu);
	db_free(&db);
	return NULL;
}

struct work_pool *work_pool_new(unsigned nthreads, const char *db_path)
{
	struct work_pool *w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->db_path = db_path ? xstrdup(db_path) : NULL;
	w->threads = xcalloc(nthreads ? nthreads : 1, sizeof(pthread_t));
	for (unsigned i = 0; i < nthreads; i++) {
		if (pthread_create(&w->threads[i], NULL, worker_main, w) != 0) {
			log_error("worker: cannot start thread %u", i);
			break;
		}
		w->n++;
	}
	return w;
}

void work_pool_free(struct work_pool **wp)
{
	struct work_pool *w;
	if (!wp || !*wp)
		return;
	w = *wp;
	pthread_mutex_lock(&w->mu);
	w->stopping = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	for (unsigned i = 0; i < w->n; i++)
		pthread_join(w->threads[i], NULL);
	work_pool_drain(w);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->threads);
	free(w->db_path);
	free(w);
	*wp = NULL;
}

void work_pool_set_waker(struct work_pool *w, void (*wake)(void *), void *ctx)
{
	pthread_mutex_lock(&w->mu);
	w->wake = wake;
	w->wake_ctx = ctx;
	pthread_mutex_unlock(&w->mu);
}

void work_pool_set_inline_db(struct work_pool *w, struct db *db)
{
	w->inline_db = db;
}

void work_submit(struct work_pool *w, work_fn work, done_fn done, void *arg)
{
	if (w->n == 0) { /* inline mode (module tests): run now, complete now */
		work(w->inline_db, arg);
		if (done)
			done(arg);
		return;
	}
	struct job *j = xcalloc(1, sizeof *j);
	j->work = work;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&w->mu);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->depth++;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

size_t work_pool_drain(struct work_pool *w)
{
	size_t n = 0;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		struct job *j = w->done_head;
		if (j) {
			w->done_head = j->next;
			if (!w->done_head)
				w->done_tail = NULL;
			w->depth--;
		}
		pthread_mutex_unlock(&w->mu);
		if (!j)
			break;
		if (j->done)
			j->done(j->arg);
		free(j);
		n++;
	}
	return n;
}

size_t work_pool_depth(struct work_pool *w)
{
	pthread_mutex_lock(&w->mu);
	size_t d = w->depth;
	pthread_mutex_unlock(&w->mu);
	return d;
}
