/* Working-day arithmetic for deadlines in Indonesia (pure: no SQL, no clock). A "day" is a civil
 * date expressed as days since 1970-01-01 (day 0 = Thursday 1970-01-01; negative before). Which
 * civil date an instant falls on depends on the zone: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9).
 * Saturdays and Sundays are not working days; nor is any day in the caller's holiday list (a
 * sorted array of days: libur nasional and cuti bersama, kept by the LSP). */
#ifndef UJIKOM_WORKDAYS_H
#define UJIKOM_WORKDAYS_H
#include <stddef.h>
#include <stdint.h>

/* UTC offsets in minutes. */
#define WORKDAYS_WIB  (7 * 60)
#define WORKDAYS_WITA (8 * 60)
#define WORKDAYS_WIT  (9 * 60)

#define WORKDAYS_DATE_LEN 11 /* "2026-11-21" with the NUL */

/* "WIB", "WITA" or "WIT" (exact, upper case) to its offset in minutes; -1 otherwise. */
int workdays_zone_offset(const char *zone);

/* --- civil dates --- */

/* The day of a proleptic Gregorian date (month 1-12, mday 1-31; not validated: use
 * workdays_parse for input). */
int64_t workdays_from_civil(int year, int month, int mday);
/* The civil date of a day. */
void workdays_to_civil(int64_t day, int *year, int *month, int *mday);
/* The local day an instant (UTC ms) falls on at utc_offset_min east of UTC (floor division, so
 * instants before 1970 work too). */
int64_t workdays_day_from_ms(int64_t utc_ms, int utc_offset_min);
/* The instant (UTC ms) at which that local day begins (00:00 local time). The day ends just
 * before workdays_day_start_ms(day + 1, ...). */
int64_t workdays_day_start_ms(int64_t day, int utc_offset_min);
/* "YYYY-MM-DD" into out (at least WORKDAYS_DATE_LEN bytes) for years 0..9999; "" otherwise. */
void workdays_format(int64_t day, char *out, size_t outsz);
/* Parses exactly "YYYY-MM-DD" (a real date, years 1900..9999). 0 ok, -1 malformed. */
int workdays_parse(const char *s, int64_t *day);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int workdays_weekday(int64_t day);

/* --- working days --- */

/* 1 when day is Monday-Friday and not in holidays (sorted ascending, duplicates allowed). */
int workdays_is_workday(int64_t day, const int32_t *holidays, size_t nholidays);
/* n > 0: the n-th working day after start_day (start_day itself never counts, so a deadline of
 * "20 working days after receipt" is workdays_add(receipt_day, 20, ...)); n < 0: the |n|-th
 * working day before start_day; n == 0: start_day. Cost grows with the holidays in the span, not
 * with n. */
int64_t workdays_add(int64_t start_day, int n, const int32_t *holidays, size_t nholidays);
/* Working days d with from_day < d <= to_day; when to_day < from_day, minus the working days d
 * with to_day < d <= from_day (so between(a, b) == -between(b, a)). For n >= 0,
 * workdays_between(s, workdays_add(s, n, ...), ...) == n; for n < 0 that holds when s is itself
 * a working day (otherwise it is n + 1). */
int workdays_between(int64_t from_day, int64_t to_day, const int32_t *holidays, size_t nholidays);

/* --- the built-in default holiday list ---
 * Indonesian national holidays (libur nasional) and cuti bersama for 2025 and 2026 from the SKB
 * of the Minister of Religious Affairs, the Minister of Manpower and the Minister of PAN-RB. It is
 * a DEFAULT SEED ONLY: the LSP must review it (Islamic holidays follow the Minister of Religious
 * Affairs' sidang isbat and may move; the government may add cuti bersama during the year) and
 * keeps the authoritative list in its own holiday table. */

struct workdays_holiday {
	int16_t year;
	int8_t month;
	int8_t mday;
	int8_t cuti_bersama; /* 1: cuti bersama, 0: libur nasional */
	const char *name_id; /* in Bahasa Indonesia, as the SKB names it */
};

/* The whole built-in list, sorted by date. */
const struct workdays_holiday *workdays_default_list(size_t *n);
/* The days of the built-in list for year, sorted, written into out (up to cap). Returns how many
 * the year has (0 for a year the list does not cover), which may exceed cap. */
size_t workdays_default_holidays(int year, int32_t *out, size_t cap);

#endif
