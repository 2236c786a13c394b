/* Pure rules of the jadwal module: SPT numbers and Roman months, local date-times in the
 * Indonesian zones, overlap, the assessor ratio, TUK verification cover and TUK codes. No SQL, no
 * HTTP: unit-tested in test_jadwal_logic.c. */
#include <stdio.h>
#include <string.h>

#include "jadwal_internal.h"
#include "workdays.h"

const char *const jadwal_mode_names[2] = {"jarak_jauh", "tatap_muka"};
const char *const jadwal_zone_names[3] = {"WIB", "WITA", "WIT"};
const char *const jadwal_tuk_type_names[3] = {"sewaktu", "tempat_kerja", "mandiri"};

#define MINUTE_MS INT64_C(60000)

const char *jadwal_roman_month(int month)
{
	static const char *const roman[12] = {"I",   "II",   "III", "IV", "V",	"VI",
					      "VII", "VIII", "IX",  "X",  "XI", "XII"};

	return month >= 1 && month <= 12 ? roman[month - 1] : NULL;
}

int jadwal_spt_format(char *out, size_t outsz, int64_t seq, const char *lsp_code, int month,
		      int year)
{
	const char *m = jadwal_roman_month(month);
	int n;

	if (!out || outsz == 0)
		return -1;
	out[0] = '\0';
	if (seq < 1 || !m || !lsp_code || !lsp_code[0])
		return -1;
	n = snprintf(out, outsz, "%03lld/ST/%s/%s/%d", (long long)seq, lsp_code, m, year);
	if (n < 0 || (size_t)n >= outsz) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* Reads exactly n digits at s into *v; 0 ok, -1 otherwise. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int jadwal_local_parse(const char *s, int utc_offset_min, int64_t *utc_ms)
{
	char date[WORKDAYS_DATE_LEN];
	int64_t day;
	int hh, mm;

	/* "2026-12-05T09:00" */
	if (!s || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (workdays_parse(date, &day) != 0 || digits(s + 11, 2, &hh) || digits(s + 14, 2, &mm) ||
	    hh > 23 || mm > 59)
		return -1;
	*utc_ms = workdays_day_start_ms(day, utc_offset_min) + (int64_t)(hh * 60 + mm) * MINUTE_MS;
	return 0;
}

void jadwal_local_format(int64_t utc_ms, int utc_offset_min, char *out, size_t outsz)
{
	int64_t day = workdays_day_from_ms(utc_ms, utc_offset_min);
	int64_t min = (utc_ms - workdays_day_start_ms(day, utc_offset_min)) / MINUTE_MS;
	char date[WORKDAYS_DATE_LEN];

	workdays_format(day, date, sizeof date);
	snprintf(out, outsz, "%sT%02d:%02d", date, (int)(min / 60), (int)(min % 60));
}

void jadwal_local_month(int64_t utc_ms, int utc_offset_min, int *month, int *year)
{
	int mday;

	workdays_to_civil(workdays_day_from_ms(utc_ms, utc_offset_min), year, month, &mday);
}

int jadwal_overlaps(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end)
{
	return a_start < b_end && b_start < a_end;
}

int jadwal_ratio_ok(int64_t asesi, int64_t nasesor, int per_asesor)
{
	if (asesi <= 0)
		return 1;
	return nasesor > 0 && asesi <= nasesor * per_asesor;
}

int jadwal_tuk_covers(const char *verified_until, int64_t end_ms, int utc_offset_min)
{
	int64_t last;

	if (!verified_until || workdays_parse(verified_until, &last) != 0)
		return 0;
	/* the session's last instant: a session ending at midnight does not need the next day */
	return workdays_day_from_ms(end_ms - 1, utc_offset_min) <= last;
}

const char *jadwal_tuk_code_check(const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if (n < 2 || n > JADWAL_TUK_CODE_MAX)
		return "tuk_code_invalid";
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		int alnum =
		    (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

		if (!alnum && (i == 0 || !strchr("._-/", c)))
			return "tuk_code_invalid";
	}
	return NULL;
}
