/* Field rules of the accounts module with neither HTTP nor SQL (unit-tested): NIK, name, e-mail,
 * phone, password policy, role names and one-time passwords. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_alpha(char c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Number of UTF-8 code points (the input is valid UTF-8: jansson checked it). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int province_ok(int p)
{
	static const int ranges[][2] = {{11, 19}, {21, 21}, {31, 36}, {51, 53},
					{61, 65}, {71, 76}, {81, 82}, {91, 97}};

	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (p >= ranges[i][0] && p <= ranges[i][1])
			return 1;
	return 0;
}

const char *accounts_nik_check(const char *nik)
{
	int day, month;

	if (!nik || strlen(nik) != 16)
		return "nik_invalid";
	for (int i = 0; i < 16; i++)
		if (!is_digit(nik[i]))
			return "nik_invalid";
	if (!province_ok(two_digits(nik)))
		return "nik_invalid";
	day = two_digits(nik + 6);
	month = two_digits(nik + 8);
	if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71)))
		return "nik_invalid";
	if (month < 1 || month > 12)
		return "nik_invalid";
	return NULL;
}

const char *accounts_name_check(const char *name)
{
	size_t n;
	int letter = 0;

	if (!name)
		return "name_invalid";
	n = utf8_chars(name);
	if (n < ACCOUNTS_NAME_MIN || n > ACCOUNTS_NAME_MAX)
		return "name_invalid";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "name_invalid";
		/* Any non-ASCII character counts as a letter: names in other scripts are fine. */
		if (is_alpha((char)*p) || *p >= 0x80)
			letter = 1;
	}
	return letter ? NULL : "name_invalid";
}

static int email_local_char(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+/=?^_`{|}~.-", c) != NULL);
}

/* The domain: dot-separated labels of letters, digits and inner hyphens; at least two labels;
 * the last one letters only, at least two of them. */
static int email_domain_ok(const char *d, size_t n)
{
	size_t label = 0, labels = 0;
	int alpha_only = 1;

	if (n < 4 || n > 253)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? d[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63 || d[i - 1] == '-')
				return 0;
			labels++;
			if (i == n)
				return labels >= 2 && alpha_only && label >= 2;
			label = 0;
			alpha_only = 1;
			continue;
		}
		if (!is_alpha(c) && !is_digit(c) && c != '-')
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (!is_alpha(c))
			alpha_only = 0;
		label++;
	}
	return 0;
}

const char *accounts_email_normalize(const char *in, char *out, size_t outsz)
{
	const char *at;
	size_t n, local;

	if (!in || outsz == 0)
		return "email_invalid";
	out[0] = '\0';
	n = strlen(in);
	if (n < 6 || n > ACCOUNTS_EMAIL_MAX || n + 1 > outsz)
		return "email_invalid";
	at = strchr(in, '@');
	if (!at || strchr(at + 1, '@'))
		return "email_invalid";
	local = (size_t)(at - in);
	if (local == 0 || local > 64 || in[0] == '.' || in[local - 1] == '.')
		return "email_invalid";
	for (size_t i = 0; i < local; i++)
		if (!email_local_char(in[i]) || (in[i] == '.' && in[i + 1] == '.'))
			return "email_invalid";
	if (!email_domain_ok(at + 1, n - local - 1))
		return "email_invalid";
	for (size_t i = 0; i <= n; i++)
		out[i] = to_lower(in[i]);
	return NULL;
}

const char *accounts_phone_normalize(const char *in, char *out, size_t outsz)
{
	char digits[32];
	size_t k = 0;
	const char *p;
	int plus = 0;

	if (!in || outsz < ACCOUNTS_PHONE_SIZE)
		return "phone_invalid";
	out[0] = '\0';
	for (p = in; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p == '+' && k == 0 && !plus) {
			plus = 1;
			continue;
		}
		if (!is_digit(*p) || k + 1 >= sizeof digits)
			return "phone_invalid";
		digits[k++] = *p;
	}
	digits[k] = '\0';
	/* The national part after the prefix: 8, then 7..11 digits. */
	if (k >= 2 && digits[0] == '6' && digits[1] == '2') /* +62 or 62 */
		p = digits + 2;
	else if (!plus && k >= 1 && digits[0] == '0')
		p = digits + 1;
	else
		return "phone_invalid";
	if (p[0] != '8' || strlen(p + 1) < 7 || strlen(p + 1) > 11)
		return "phone_invalid";
	snprintf(out, outsz, "+62%s", p);
	return NULL;
}

/* Lower-case ASCII copies compared; the list holds the passwords that pass the length and
 * class rules yet are among the first tried (global and Indonesian leak lists). */
static const char *const common_passwords[] = {
    "password123",  "password1234", "password12345",  "passw0rd123",   "p@ssw0rd123",
    "qwerty12345",  "qwerty123456", "1234567890a",    "a123456789",    "abc1234567",
    "abcd123456",   "abcde12345",   "1q2w3e4r5t",     "1qaz2wsx3edc",  "qwertyuiop1",
    "admin12345",   "admin123456",  "administrator1", "welcome123",    "iloveyou123",
    "indonesia1",   "indonesia123", "indonesia2024",  "indonesia2025", "indonesia2026",
    "bismillah1",   "bismillah123", "rahasia123",     "rahasia1234",   "sayang1234",
    "jakarta123",   "bandung123",   "surabaya123",    "merdeka1945",   "garuda123",
    "ujikom12345",  "ujikom2026",   "sertifikasi1",   "asesor12345",   "asesi12345",
    "lsp12345678",  "bnsp123456",   "katasandi123",   "password2024",  "password2025",
    "password2026", "changeme123",  "letmein1234",    "football123",   "sunshine123",
};

static int contains_nocase(const char *hay, const char *needle, size_t nlen)
{
	size_t hn = strlen(hay);

	for (size_t i = 0; nlen && i + nlen <= hn; i++) {
		size_t j = 0;

		while (j < nlen && to_lower(hay[i + j]) == to_lower(needle[j]))
			j++;
		if (j == nlen)
			return 1;
	}
	return 0;
}

const char *accounts_password_check(const char *password, const char *email)
{
	int letter = 0, digit = 0;
	size_t n;

	if (!password)
		return "password_too_short";
	n = utf8_chars(password);
	if (n < ACCOUNTS_PASSWORD_MIN)
		return "password_too_short";
	if (n > ACCOUNTS_PASSWORD_MAX)
		return "password_too_long";
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (is_digit((char)*p))
			digit = 1;
		else if (is_alpha((char)*p) || *p >= 0x80)
			letter = 1;
	}
	if (!letter || !digit)
		return "password_weak";
	if (email) {
		const char *at = strchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);

		/* A very short local part ("a@x.id") would forbid too much; 3 is where it means
		 * something. */
		if (local >= 3 && contains_nocase(password, email, local))
			return "password_weak";
	}
	for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++) {
		const char *c = common_passwords[i];

		if (strlen(c) == strlen(password) && contains_nocase(password, c, strlen(c)))
			return "password_weak";
	}
	return NULL;
}

const char *accounts_role_name_check(const char *name)
{
	size_t n;

	if (!name)
		return "role_name_invalid";
	n = strlen(name);
	if (n < 2 || n > 40 || !is_lower(name[0]))
		return "role_name_invalid";
	for (size_t i = 1; i < n; i++)
		if (!is_lower(name[i]) && !is_digit(name[i]) && name[i] != '_')
			return "role_name_invalid";
	return NULL;
}

void accounts_otp_from_bytes(const unsigned char rnd[16], char *out, size_t outsz)
{
	/* 32 symbols, so a byte maps without bias (256 = 8 * 32): 80 bits in 16 symbols. */
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char sym[16];
	int letter = 0, digit = 0;
	size_t k = 0;

	if (outsz < ACCOUNTS_OTP_SIZE) {
		if (outsz)
			out[0] = '\0';
		return;
	}
	for (int i = 0; i < 16; i++) {
		sym[i] = alphabet[rnd[i] % 32];
		if (is_digit(sym[i]))
			digit = 1;
		else
			letter = 1;
	}
	/* Rare all-letter or all-digit draws: fix one position so the policy always holds. */
	if (!digit)
		sym[15] = alphabet[24 + rnd[15] % 8];
	if (!letter)
		sym[0] = alphabet[rnd[0] % 24];
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = sym[i];
	}
	out[k] = '\0';
}
