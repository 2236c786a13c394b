/* The accounts field rules (modules/accounts/accounts_logic.c): NIK, name, e-mail, phone,
 * password policy, role names and one-time passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/accounts.h"

static void test_nik_valid(void **state)
{
	(void)state;
	assert_null(accounts_nik_check("3174010101900001")); /* DKI, 1 Jan 1990, man */
	assert_null(accounts_nik_check("3174014101900001")); /* the same day for a woman (+40) */
	assert_null(accounts_nik_check("1101013112990002")); /* Aceh, 31 Dec */
	assert_null(accounts_nik_check("9701017107000003")); /* 97, woman born on the 31st */
	assert_null(accounts_nik_check("2171011505850004")); /* Kepulauan Riau (21) */
}

static void test_nik_invalid(void **state)
{
	(void)state;
	/* length and characters */
	assert_string_equal(accounts_nik_check(""), "nik_invalid");
	assert_string_equal(accounts_nik_check("317401010190001"), "nik_invalid");   /* 15 */
	assert_string_equal(accounts_nik_check("31740101019000011"), "nik_invalid"); /* 17 */
	assert_string_equal(accounts_nik_check("31740101019O0001"), "nik_invalid");  /* letter O */
	assert_string_equal(accounts_nik_check("3174 10101900001"), "nik_invalid");
	assert_string_equal(accounts_nik_check(NULL), "nik_invalid");
	/* province codes that do not exist */
	assert_string_equal(accounts_nik_check("1074010101900001"), "nik_invalid"); /* 10 */
	assert_string_equal(accounts_nik_check("2074010101900001"), "nik_invalid"); /* 20 */
	assert_string_equal(accounts_nik_check("2274010101900001"), "nik_invalid"); /* 22 */
	assert_string_equal(accounts_nik_check("3774010101900001"), "nik_invalid"); /* 37 */
	assert_string_equal(accounts_nik_check("5474010101900001"), "nik_invalid"); /* 54 */
	assert_string_equal(accounts_nik_check("7774010101900001"), "nik_invalid"); /* 77 */
	assert_string_equal(accounts_nik_check("8374010101900001"), "nik_invalid"); /* 83 */
	assert_string_equal(accounts_nik_check("9874010101900001"), "nik_invalid"); /* 98 */
	assert_string_equal(accounts_nik_check("0074010101900001"), "nik_invalid");
	/* day of birth: 00, 32..40 and over 71 are impossible */
	assert_string_equal(accounts_nik_check("3174010001900001"), "nik_invalid");
	assert_string_equal(accounts_nik_check("3174013201900001"), "nik_invalid");
	assert_string_equal(accounts_nik_check("3174014001900001"), "nik_invalid");
	assert_string_equal(accounts_nik_check("3174017201900001"), "nik_invalid");
	/* month */
	assert_string_equal(accounts_nik_check("3174010100900001"), "nik_invalid");
	assert_string_equal(accounts_nik_check("3174010113900001"), "nik_invalid");
}

static void test_name(void **state)
{
	(void)state;
	assert_null(accounts_name_check("Siti"));
	assert_null(accounts_name_check("Ahmad Fauzi bin Abdullah"));
	assert_null(accounts_name_check("I Gusti Ngurah Rai"));
	assert_null(accounts_name_check("Ni Wayan Sri Utari"));
	assert_string_equal(accounts_name_check("Al"), "name_invalid");	   /* too short */
	assert_string_equal(accounts_name_check("123"), "name_invalid");   /* no letter */
	assert_string_equal(accounts_name_check("Ab\tc"), "name_invalid"); /* control character */
	char longname[130];
	memset(longname, 'a', 101);
	longname[101] = '\0';
	assert_string_equal(accounts_name_check(longname), "name_invalid");
	longname[100] = '\0';
	assert_null(accounts_name_check(longname));
	/* characters, not bytes: 34 three-byte characters are 102 bytes but 34 characters */
	char wide[200] = "";
	for (int i = 0; i < 34; i++)
		strcat(wide, "\xe5\x90\x8d");
	assert_null(accounts_name_check(wide));
}

static void test_email(void **state)
{
	(void)state;
	char out[ACCOUNTS_EMAIL_MAX + 1];
	assert_null(accounts_email_normalize("Siti.Aminah@Example.CO.ID", out, sizeof out));
	assert_string_equal(out, "siti.aminah@example.co.id");
	assert_null(accounts_email_normalize("a+tag@lsp-teknik.id", out, sizeof out));
	assert_string_equal(out, "a+tag@lsp-teknik.id");
	assert_null(accounts_email_normalize("admin@demo.ujikom.id", out, sizeof out));

	const char *bad[] = {
	    "",
	    "plainaddress",
	    "@example.com",
	    "user@",
	    "user@localhost",	/* one label */
	    "user@example.c",	/* one-letter TLD */
	    "user@example.123", /* numeric TLD */
	    "user@@example.com",
	    "user@exa@mple.com",
	    ".user@example.com",
	    "user.@example.com",
	    "us..er@example.com",
	    "user@-example.com",
	    "user@example-.com",
	    "user@exa_mple.com",
	    "user@example..com",
	    "user name@example.com",
	    "user@example.com.",
	    "us\"er@example.com",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *code = accounts_email_normalize(bad[i], out, sizeof out);
		if (!code)
			fail_msg("accepted bad e-mail '%s'", bad[i]);
		assert_string_equal(code, "email_invalid");
	}
	/* over 254 bytes, and a local part over 64 */
	char big[300];
	memset(big, 'a', 250);
	strcpy(big + 250, "@x.id");
	assert_string_equal(accounts_email_normalize(big, out, sizeof out), "email_invalid");
	memset(big, 'a', 65);
	strcpy(big + 65, "@example.id");
	assert_string_equal(accounts_email_normalize(big, out, sizeof out), "email_invalid");
}

static void test_phone(void **state)
{
	(void)state;
	char out[ACCOUNTS_PHONE_SIZE];
	assert_null(accounts_phone_normalize("081234567890", out, sizeof out));
	assert_string_equal(out, "+6281234567890");
	assert_null(accounts_phone_normalize("+62 812-3456-7890", out, sizeof out));
	assert_string_equal(out, "+6281234567890");
	assert_null(accounts_phone_normalize("6281234567", out, sizeof out));
	assert_string_equal(out, "+6281234567");
	assert_null(accounts_phone_normalize("0812 3456 7", out, sizeof out)); /* 8 + 7 digits */
	assert_null(accounts_phone_normalize("+62812345678901", out, sizeof out)); /* 8 + 11 */
	assert_string_equal(out, "+62812345678901");

	const char *bad[] = {
	    "",
	    "0812345",		  /* 8 + 5 digits */
	    "081234567890123",	  /* 8 + 13 digits */
	    "+62812345678901234", /* too long */
	    "0212345678",	  /* landline: no 8 after the prefix */
	    "+6521234567890",	  /* another country */
	    "812345678",	  /* no prefix */
	    "+0812345678",
	    "08123abc567",
	    "(0812) 345678", /* parentheses are not allowed */
	    "++6281234567",
	    "+62+81234567",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *code = accounts_phone_normalize(bad[i], out, sizeof out);
		if (!code)
			fail_msg("accepted bad phone '%s'", bad[i]);
		assert_string_equal(code, "phone_invalid");
	}
}

static void test_password(void **state)
{
	(void)state;
	assert_null(accounts_password_check("Kopi-Tubruk-88", "siti@example.id"));
	assert_null(accounts_password_check("correct horse 7 battery", NULL));
	assert_null(accounts_password_check("sandi\xc3\xa9t\xc3\xa9"
					    "12345",
					    NULL)); /* non-ASCII */

	assert_string_equal(accounts_password_check("Ab1", NULL), "password_too_short");
	assert_string_equal(accounts_password_check("Abcdefgh1", NULL), "password_too_short");
	assert_string_equal(accounts_password_check("", NULL), "password_too_short");
	/* ten characters but only four of them in bytes would still be long enough: count chars */
	assert_string_equal(accounts_password_check("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
						    "1",
						    NULL),
			    "password_too_short");
	char longpw[200];
	memset(longpw, 'a', 129);
	strcpy(longpw + 129, "1");
	assert_string_equal(accounts_password_check(longpw, NULL), "password_too_long");

	/* one class only */
	assert_string_equal(accounts_password_check("abcdefghijkl", NULL), "password_weak");
	assert_string_equal(accounts_password_check("12345678901", NULL), "password_weak");
	assert_string_equal(accounts_password_check("!!!!!!!!!!!!", NULL), "password_weak");
	/* the e-mail's local part, in any case */
	assert_string_equal(accounts_password_check("Budiman-2026", "budiman@lsp.id"),
			    "password_weak");
	assert_string_equal(accounts_password_check("xxBUDIMANxx9", "budiman@lsp.id"),
			    "password_weak");
	/* a two-letter local part is not a rule */
	assert_null(accounts_password_check("ab-Kopi-Susu-9", "ab@lsp.id"));
	/* common passwords, in any case */
	assert_string_equal(accounts_password_check("password123", NULL), "password_weak");
	assert_string_equal(accounts_password_check("Password123", NULL), "password_weak");
	assert_string_equal(accounts_password_check("BISMILLAH123", NULL), "password_weak");
	assert_string_equal(accounts_password_check("indonesia2026", NULL), "password_weak");
}

static void test_role_name(void **state)
{
	(void)state;
	assert_null(accounts_role_name_check("asesor_lead"));
	assert_null(accounts_role_name_check("tim2"));
	assert_string_equal(accounts_role_name_check("a"), "role_name_invalid");
	assert_string_equal(accounts_role_name_check("Asesor"), "role_name_invalid");
	assert_string_equal(accounts_role_name_check("2tim"), "role_name_invalid");
	assert_string_equal(accounts_role_name_check("tim-banding"), "role_name_invalid");
	assert_string_equal(accounts_role_name_check("tim banding"), "role_name_invalid");
	assert_string_equal(accounts_role_name_check("a23456789012345678901234567890123456789012"),
			    "role_name_invalid");
}

static void test_otp(void **state)
{
	(void)state;
	unsigned char rnd[16];
	char otp[ACCOUNTS_OTP_SIZE];

	for (int k = 0; k < 256; k++) {
		for (int i = 0; i < 16; i++)
			rnd[i] = (unsigned char)(k * 31 + i * 7);
		accounts_otp_from_bytes(rnd, otp, sizeof otp);
		assert_int_equal(strlen(otp), 19);
		assert_int_equal(otp[4], '-');
		assert_int_equal(otp[9], '-');
		assert_int_equal(otp[14], '-');
		assert_null(accounts_password_check(otp, "admin@lsp.id"));
	}
	/* all-letter and all-digit draws still get both classes */
	memset(rnd, 0, sizeof rnd); /* 'A' x 16 */
	accounts_otp_from_bytes(rnd, otp, sizeof otp);
	assert_null(accounts_password_check(otp, NULL));
	memset(rnd, 31, sizeof rnd); /* '9' x 16 */
	accounts_otp_from_bytes(rnd, otp, sizeof otp);
	assert_null(accounts_password_check(otp, NULL));
	/* a too small buffer gets an empty string, never an overflow */
	accounts_otp_from_bytes(rnd, otp, 5);
	assert_string_equal(otp, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nik_valid), cmocka_unit_test(test_nik_invalid),
	    cmocka_unit_test(test_name),      cmocka_unit_test(test_email),
	    cmocka_unit_test(test_phone),     cmocka_unit_test(test_password),
	    cmocka_unit_test(test_role_name), cmocka_unit_test(test_otp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
