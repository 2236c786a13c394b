/* Prometheus metrics kept on the service thread: requests by route and status, latency
 * histograms per route, open connections, worker queue depth. */
#ifndef UJIKOM_HTTP_METRICS_H
#define UJIKOM_HTTP_METRICS_H
#include <stdint.h>

#include "buf.h"
#include "request.h"

struct metrics;
struct router;
struct work_pool;

struct metrics *metrics_new(const struct router *r);
void metrics_free(struct metrics **m);
void metrics_observe(struct metrics *m, const struct request *req, int64_t us);
void metrics_conn(struct metrics *m, int delta); /* open connections +1/-1 */
void metrics_render(struct metrics *m, struct work_pool *w, struct buf *out);

#endif
