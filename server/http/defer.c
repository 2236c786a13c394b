/* req_defer(): hands a request's slow part to the worker pool and resumes it on the service
 * thread. If the connection closed meanwhile, the request is freed here after done ran. */
#include "app.h"
#include "dispatch.h"
#include "request.h"
#include "work.h"

static void defer_work(struct db *db, void *arg)
{
	struct request *req = arg;
	req->defer_work(db, req->defer_arg);
}

static void defer_done(void *arg)
{
	struct request *req = arg;
	dispatch_resume(req);
	if (req->orphaned) {
		dispatch_request_free(&req);
		return;
	}
	if (req->resume)
		req->resume(req);
}

enum err req_defer(struct request *req, void (*work)(struct db *db, void *arg),
		   void (*done)(struct request *req, void *arg), void *arg)
{
	req->defer_work = work;
	req->defer_done = done;
	req->defer_arg = arg;
	req->defer_state = 1;
	work_submit(req->app->work, defer_work, defer_done, req);
	return ERR_OK;
}
