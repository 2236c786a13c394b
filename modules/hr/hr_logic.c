/* Pure rules of the hr module: the MET registration number, the assessor certificate number and
 * the day a certificate stops being valid. No SQL, no HTTP: unit-tested in test_hr_logic.c. */
#include <stdlib.h>
#include <string.h>

#include "hr_internal.h"
#include "workdays.h"

/* 1 when s[0..n) are all ASCII digits. */
static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

const char *hr_met_check(const char *met, int max_year)
{
	int year;

	/* "MET.000.001234 2019": positions 0-7 fixed, 8-13 serial, 14 space, 15-18 year */
	if (!met || strlen(met) != HR_MET_LEN || strncmp(met, "MET.000.", 8) != 0 ||
	    !all_digits(met + 8, 6) || met[14] != ' ' || !all_digits(met + 15, 4))
		return "met_invalid";
	if (strncmp(met + 8, "000000", 6) == 0)
		return "met_invalid";
	year = atoi(met + 15);
	if (year < HR_MET_YEAR_MIN || year > max_year)
		return "met_invalid";
	return NULL;
}

const char *hr_cert_number_check(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < HR_CERT_NUMBER_MIN || n > HR_CERT_NUMBER_MAX)
		return "certificate_number_invalid";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int alnum =
		    (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

		if (i == 0 && !alnum)
			return "certificate_number_invalid";
		if (!alnum && !strchr(" ./-_:", c))
			return "certificate_number_invalid";
	}
	return NULL;
}

int hr_cert_valid_on(const char *valid_until, int64_t on_ms)
{
	int64_t last;

	if (!valid_until || workdays_parse(valid_until, &last) != 0)
		return -1;
	return workdays_day_from_ms(on_ms, WORKDAYS_WIB) <= last;
}

int hr_year_of(int64_t ms)
{
	int y, m, d;

	workdays_to_civil(workdays_day_from_ms(ms, WORKDAYS_WIB), &y, &m, &d);
	return y;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

size_t hr_ids_unique(int64_t *ids, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	qsort(ids, n, sizeof *ids, cmp_id);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	return k;
}
