/* Working-day arithmetic for appeal deadlines in the LSP's zone, skipping weekends and the LSP's
 * holiday table (kept by the certification module, read through certification.h). */
#include "app.h"
#include "appeal_internal.h"
#include "certification/certification.h"
#include "workdays.h"

#define HOLIDAYS_MAX 1024

static int zone_offset(const struct app *app)
{
	int off = workdays_zone_offset(app->cfg ? app->cfg->timezone : NULL);
	return off < 0 ? WORKDAYS_WIB : off;
}

/* The LSP's holiday table (certification.h), sorted, into out (HOLIDAYS_MAX). */
static size_t holidays(const struct app *app, int32_t *out)
{
	size_t n = cert_holiday_days(app->db, out, HOLIDAYS_MAX);
	return n < HOLIDAYS_MAX ? n : HOLIDAYS_MAX;
}

int64_t appeal_due_at(const struct app *app, int64_t from_ms, int working_days)
{
	int32_t h[HOLIDAYS_MAX];
	int off = zone_offset(app);
	int64_t day = workdays_day_from_ms(from_ms, off);
	size_t n = holidays(app, h);
	int64_t due = workdays_add(day, working_days, h, n);
	/* due by the end of that working day, local time */
	return workdays_day_start_ms(due + 1, off) - 1;
}

int appeal_workdays_left(const struct app *app, int64_t now_ms, int64_t due_ms)
{
	int32_t h[HOLIDAYS_MAX];
	int off = zone_offset(app);
	int64_t today = workdays_day_from_ms(now_ms, off);
	size_t n = holidays(app, h);
	return workdays_between(today, workdays_day_from_ms(due_ms, off), h, n);
}
