/* Working-day arithmetic for appeal deadlines in the LSP's zone. Holidays come from the built-in
 * default list (workdays_default_holidays); the LSP's own holiday table belongs to the
 * certification module and is not exposed yet (see README). */
#include "app.h"
#include "appeal_internal.h"
#include "workdays.h"

#define HOLIDAYS_MAX 128

static int zone_offset(const struct app *app)
{
	int off = workdays_zone_offset(app->cfg ? app->cfg->timezone : NULL);
	return off < 0 ? WORKDAYS_WIB : off;
}

/* The default holidays of the year of day and the next one, sorted, into out (HOLIDAYS_MAX). */
static size_t holidays_around(int64_t day, int32_t *out)
{
	int y, m, d;
	workdays_to_civil(day, &y, &m, &d);
	size_t n = workdays_default_holidays(y - 1, out, HOLIDAYS_MAX);
	if (n > HOLIDAYS_MAX)
		n = HOLIDAYS_MAX;
	for (int k = 0; k <= 1; k++) {
		size_t add = workdays_default_holidays(y + k, out + n, HOLIDAYS_MAX - n);
		n += add < HOLIDAYS_MAX - n ? add : HOLIDAYS_MAX - n;
	}
	return n;
}

int64_t appeal_due_at(const struct app *app, int64_t from_ms, int working_days)
{
	int32_t h[HOLIDAYS_MAX];
	int off = zone_offset(app);
	int64_t day = workdays_day_from_ms(from_ms, off);
	size_t n = holidays_around(day, h);
	int64_t due = workdays_add(day, working_days, h, n);
	/* due by the end of that working day, local time */
	return workdays_day_start_ms(due + 1, off) - 1;
}

int appeal_workdays_left(const struct app *app, int64_t now_ms, int64_t due_ms)
{
	int32_t h[HOLIDAYS_MAX];
	int off = zone_offset(app);
	int64_t today = workdays_day_from_ms(now_ms, off);
	size_t n = holidays_around(
	    today < workdays_day_from_ms(due_ms, off) ? today : workdays_day_from_ms(due_ms, off),
	    h);
	return workdays_between(today, workdays_day_from_ms(due_ms, off), h, n);
}
