/* Working-day arithmetic for Indonesian deadlines (see workdays.h): civil dates as day numbers,
 * zone-aware day boundaries, weekday counting in closed form, holidays by binary search, and the
 * built-in default holiday list for 2025 and 2026. */
#include "workdays.h"

#include <stdio.h>
#include <string.h>

#define MS_PER_DAY INT64_C(86400000)

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

int workdays_zone_offset(const char *zone)
{
	if (!zone)
		return -1;
	if (strcmp(zone, "WIB") == 0)
		return WORKDAYS_WIB;
	if (strcmp(zone, "WITA") == 0)
		return WORKDAYS_WITA;
	if (strcmp(zone, "WIT") == 0)
		return WORKDAYS_WIT;
	return -1;
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, any year). */
int64_t workdays_from_civil(int year, int month, int mday)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void workdays_to_civil(int64_t day, int *year, int *month, int *mday)
{
	int64_t z = day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int)(yoe + era * 400 + (m <= 2));
}

int64_t workdays_day_from_ms(int64_t utc_ms, int utc_offset_min)
{
	return floor_div(utc_ms + (int64_t)utc_offset_min * 60000, MS_PER_DAY);
}

int64_t workdays_day_start_ms(int64_t day, int utc_offset_min)
{
	return day * MS_PER_DAY - (int64_t)utc_offset_min * 60000;
}

void workdays_format(int64_t day, char *out, size_t outsz)
{
	int y, m, d;
	if (!outsz)
		return;
	workdays_to_civil(day, &y, &m, &d);
	if (y < 0 || y > 9999 || outsz < WORKDAYS_DATE_LEN) {
		out[0] = '\0';
		return;
	}
	snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int digits(const char *s, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

int workdays_parse(const char *s, int64_t *day)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return -1;
	*day = workdays_from_civil(y, m, d);
	return 0;
}

int workdays_weekday(int64_t day)
{
	return (int)floor_mod(day + 3, 7) + 1; /* day 0 was a Thursday (4) */
}

/* Monday-Friday days from a fixed Monday up to and including day (an offset that cancels in
 * differences): with k = day + 3 (k = 0 is Monday 1969-12-29), 5 per whole week plus the
 * weekdays of the current week so far. */
static int64_t weekdays_through(int64_t day)
{
	int64_t k = day + 3, r = floor_mod(k, 7);
	return floor_div(k, 7) * 5 + (r < 5 ? r + 1 : 5);
}

/* The (only) weekday d with weekdays_through(d) == t. */
static int64_t weekday_numbered(int64_t t)
{
	return floor_div(t - 1, 5) * 7 + floor_mod(t - 1, 5) - 3;
}

/* Index of the first holiday > day. */
static size_t holiday_after(int64_t day, const int32_t *h, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)h[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Distinct holidays falling on Monday-Friday with a < d <= b. */
static int64_t weekday_holidays(int64_t a, int64_t b, const int32_t *h, size_t n)
{
	int64_t count = 0;
	if (!h || b <= a)
		return 0;
	for (size_t i = holiday_after(a, h, n); i < n && (int64_t)h[i] <= b; i++) {
		if (i > 0 && h[i] == h[i - 1])
			continue;
		if (workdays_weekday(h[i]) <= 5)
			count++;
	}
	return count;
}

int workdays_is_workday(int64_t day, const int32_t *holidays, size_t nholidays)
{
	if (workdays_weekday(day) > 5)
		return 0;
	return weekday_holidays(day - 1, day, holidays, nholidays) == 0;
}

int64_t workdays_add(int64_t start_day, int n, const int32_t *holidays, size_t nholidays)
{
	int64_t d = start_day, want = n < 0 ? -(int64_t)n : n, cand, skipped;
	if (n == 0)
		return start_day;
	/* Jump over `want` weekdays, then again over the holidays that jump crossed, until a jump
	 * crosses none: each round costs a binary search, not a walk over the days. */
	for (;;) {
		if (n > 0) {
			cand = weekday_numbered(weekdays_through(d) + want);
			skipped = weekday_holidays(d, cand, holidays, nholidays);
		} else {
			cand = weekday_numbered(weekdays_through(d - 1) - want + 1);
			skipped = weekday_holidays(cand - 1, d - 1, holidays, nholidays);
		}
		if (!skipped)
			return cand;
		d = cand;
		want = skipped;
	}
}

int workdays_between(int64_t from_day, int64_t to_day, const int32_t *holidays, size_t nholidays)
{
	if (to_day < from_day)
		return -workdays_between(to_day, from_day, holidays, nholidays);
	return (int)(weekdays_through(to_day) - weekdays_through(from_day) -
		     weekday_holidays(from_day, to_day, holidays, nholidays));
}

/* SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri PAN-RB:
 * - 2025: Nomor 1017 Tahun 2024, Nomor 2 Tahun 2024, Nomor 2 Tahun 2024 (14 October 2024):
 *   17 libur nasional, 10 cuti bersama; amended by Nomor 933 Tahun 2025, Nomor 1 Tahun 2025,
 *   Nomor 3 Tahun 2025 (7 August 2025), which added cuti bersama on 18 August 2025.
 * - 2026: Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 (19 September 2025):
 *   17 libur nasional, 8 cuti bersama.
 * Holidays falling on a weekend are listed as the SKB lists them (they change no count).
 * Not included: regional holidays, election days (declared separately by Keppres), and any change
 * after the dates above. The Islamic dates (Isra Mikraj, Idulfitri, Iduladha, 1 Muharam, Maulid)
 * are the SKB's; the sidang isbat may move them by a day. The LSP reviews this list. */
static const struct workdays_holiday default_list[] = {
    {2025, 1, 1, 0, "Tahun Baru 2025 Masehi"},
    {2025, 1, 27, 0, "Isra Mikraj Nabi Muhammad SAW"},
    {2025, 1, 28, 1, "Cuti bersama Tahun Baru Imlek 2576 Kongzili"},
    {2025, 1, 29, 0, "Tahun Baru Imlek 2576 Kongzili"},
    {2025, 3, 28, 1, "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1947)"},
    {2025, 3, 29, 0, "Hari Suci Nyepi (Tahun Baru Saka 1947)"},
    {2025, 3, 31, 0, "Idulfitri 1446 Hijriah"},
    {2025, 4, 1, 0, "Idulfitri 1446 Hijriah"},
    {2025, 4, 2, 1, "Cuti bersama Idulfitri 1446 Hijriah"},
    {2025, 4, 3, 1, "Cuti bersama Idulfitri 1446 Hijriah"},
    {2025, 4, 4, 1, "Cuti bersama Idulfitri 1446 Hijriah"},
    {2025, 4, 7, 1, "Cuti bersama Idulfitri 1446 Hijriah"},
    {2025, 4, 18, 0, "Wafat Yesus Kristus"},
    {2025, 4, 20, 0, "Kebangkitan Yesus Kristus (Paskah)"},
    {2025, 5, 1, 0, "Hari Buruh Internasional"},
    {2025, 5, 12, 0, "Hari Raya Waisak 2569 BE"},
    {2025, 5, 13, 1, "Cuti bersama Hari Raya Waisak 2569 BE"},
    {2025, 5, 29, 0, "Kenaikan Yesus Kristus"},
    {2025, 5, 30, 1, "Cuti bersama Kenaikan Yesus Kristus"},
    {2025, 6, 1, 0, "Hari Lahir Pancasila"},
    {2025, 6, 6, 0, "Iduladha 1446 Hijriah"},
    {2025, 6, 9, 1, "Cuti bersama Iduladha 1446 Hijriah"},
    {2025, 6, 27, 0, "1 Muharam Tahun Baru Islam 1447 Hijriah"},
    {2025, 8, 17, 0, "Proklamasi Kemerdekaan"},
    {2025, 8, 18, 1, "Cuti bersama Proklamasi Kemerdekaan (HUT ke-80 RI)"},
    {2025, 9, 5, 0, "Maulid Nabi Muhammad SAW"},
    {2025, 12, 25, 0, "Kelahiran Yesus Kristus"},
    {2025, 12, 26, 1, "Cuti bersama Kelahiran Yesus Kristus"},
    {2026, 1, 1, 0, "Tahun Baru 2026 Masehi"},
    {2026, 1, 16, 0, "Isra Mikraj Nabi Muhammad SAW"},
    {2026, 2, 16, 1, "Cuti bersama Tahun Baru Imlek 2577 Kongzili"},
    {2026, 2, 17, 0, "Tahun Baru Imlek 2577 Kongzili"},
    {2026, 3, 18, 1, "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"},
    {2026, 3, 19, 0, "Hari Suci Nyepi (Tahun Baru Saka 1948)"},
    {2026, 3, 20, 1, "Cuti bersama Idulfitri 1447 Hijriah"},
    {2026, 3, 21, 0, "Idulfitri 1447 Hijriah"},
    {2026, 3, 22, 0, "Idulfitri 1447 Hijriah"},
    {2026, 3, 23, 1, "Cuti bersama Idulfitri 1447 Hijriah"},
    {2026, 3, 24, 1, "Cuti bersama Idulfitri 1447 Hijriah"},
    {2026, 4, 3, 0, "Wafat Yesus Kristus"},
    {2026, 4, 5, 0, "Kebangkitan Yesus Kristus (Paskah)"},
    {2026, 5, 1, 0, "Hari Buruh Internasional"},
    {2026, 5, 14, 0, "Kenaikan Yesus Kristus"},
    {2026, 5, 15, 1, "Cuti bersama Kenaikan Yesus Kristus"},
    {2026, 5, 27, 0, "Iduladha 1447 Hijriah"},
    {2026, 5, 28, 1, "Cuti bersama Iduladha 1447 Hijriah"},
    {2026, 5, 31, 0, "Hari Raya Waisak 2570 BE"},
    {2026, 6, 1, 0, "Hari Lahir Pancasila"},
    {2026, 6, 16, 0, "1 Muharam Tahun Baru Islam 1448 Hijriah"},
    {2026, 8, 17, 0, "Proklamasi Kemerdekaan"},
    {2026, 8, 25, 0, "Maulid Nabi Muhammad SAW"},
    {2026, 12, 24, 1, "Cuti bersama Kelahiran Yesus Kristus"},
    {2026, 12, 25, 0, "Kelahiran Yesus Kristus"},
};

const struct workdays_holiday *workdays_default_list(size_t *n)
{
	*n = sizeof default_list / sizeof default_list[0];
	return default_list;
}

size_t workdays_default_holidays(int year, int32_t *out, size_t cap)
{
	size_t count = 0;
	for (size_t i = 0; i < sizeof default_list / sizeof default_list[0]; i++) {
		const struct workdays_holiday *h = &default_list[i];
		if (h->year != year)
			continue;
		if (out && count < cap)
			out[count] = (int32_t)workdays_from_civil(h->year, h->month, h->mday);
		count++;
	}
	return count;
}
