/* Request counters and latency histograms per route, rendered in the Prometheus text format.
 * Touched only from the service thread, so no locks. */
#include "metrics.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "router.h"
#include "work.h"

#define MAX_STATUSES 12
static const double buckets_s[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				   0.05,   0.1,	  0.25,	  0.5,	 1,    2.5};
#define NBUCKETS (sizeof buckets_s / sizeof buckets_s[0])

struct route_stats {
	int status[MAX_STATUSES];
	uint64_t count[MAX_STATUSES];
	uint64_t hist[NBUCKETS]; /* cumulative at render time; stored per bucket */
	uint64_t n;
	double sum_s;
};

struct metrics {
	const struct router *router;
	size_t nslots; /* routes + static + unmatched */
	struct route_stats *s;
	int64_t open_conns;
};

struct metrics *metrics_new(const struct router *r)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	m->router = r;
	m->nslots = router_count(r) + 2;
	m->s = xcalloc(m->nslots, sizeof *m->s);
	return m;
}

void metrics_free(struct metrics **mp)
{
	if (!mp || !*mp)
		return;
	free((*mp)->s);
	free(*mp);
	*mp = NULL;
}

static size_t slot_of(const struct metrics *m, const struct request *req)
{
	if (req->route_index >= 0 && (size_t)req->route_index < m->nslots - 2)
		return (size_t)req->route_index;
	return req->resp.fd >= 0 || req->resp.status == 304 ? m->nslots - 2 : m->nslots - 1;
}

void metrics_observe(struct metrics *m, const struct request *req, int64_t us)
{
	if (!m)
		return;
	struct route_stats *s = &m->s[slot_of(m, req)];
	double secs = (double)us / 1e6;
	size_t i;
	for (i = 0; i < MAX_STATUSES && s->status[i] && s->status[i] != req->resp.status; i++)
		;
	if (i == MAX_STATUSES)
		i = MAX_STATUSES - 1; /* more distinct statuses than slots: lump into the last */
	s->status[i] = req->resp.status;
	s->count[i]++;
	for (size_t b = 0; b < NBUCKETS; b++)
		if (secs <= buckets_s[b]) {
			s->hist[b]++;
			break;
		}
	s->n++;
	s->sum_s += secs;
}

void metrics_conn(struct metrics *m, int delta)
{
	if (m)
		m->open_conns += delta;
}

static const char *slot_name(const struct metrics *m, size_t i)
{
	if (i == m->nslots - 2)
		return "static";
	if (i == m->nslots - 1)
		return "unmatched";
	return router_at(m->router, i, NULL)->op;
}

void metrics_render(struct metrics *m, struct work_pool *w, struct buf *out)
{
	buf_adds(out, "# HELP ujikom_http_requests_total HTTP requests by route and status.\n"
		      "# TYPE ujikom_http_requests_total counter\n");
	for (size_t i = 0; i < m->nslots; i++)
		for (size_t k = 0; k < MAX_STATUSES && m->s[i].status[k]; k++)
			buf_printf(out,
				   "ujikom_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				   slot_name(m, i), m->s[i].status[k],
				   (unsigned long long)m->s[i].count[k]);
	buf_adds(out, "# HELP ujikom_http_request_duration_seconds Time from request to response.\n"
		      "# TYPE ujikom_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < m->nslots; i++) {
		const struct route_stats *s = &m->s[i];
		uint64_t cum = 0;
		if (!s->n)
			continue;
		for (size_t b = 0; b < NBUCKETS; b++) {
			cum += s->hist[b];
			buf_printf(
			    out,
			    "ujikom_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
			    "%llu\n",
			    slot_name(m, i), buckets_s[b], (unsigned long long)cum);
		}
		buf_printf(
		    out,
		    "ujikom_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
		    "ujikom_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
		    "ujikom_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		    slot_name(m, i), (unsigned long long)s->n, slot_name(m, i), s->sum_s,
		    slot_name(m, i), (unsigned long long)s->n);
	}
	buf_printf(out,
		   "# HELP ujikom_open_connections Open HTTP and WebSocket connections.\n"
		   "# TYPE ujikom_open_connections gauge\nujikom_open_connections %lld\n"
		   "# HELP ujikom_worker_queue_depth Jobs queued or running on worker threads.\n"
		   "# TYPE ujikom_worker_queue_depth gauge\nujikom_worker_queue_depth %zu\n",
		   (long long)m->open_conns, w ? work_pool_depth(w) : (size_t)0);
}
