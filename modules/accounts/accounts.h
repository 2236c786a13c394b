/* The accounts module (SE.007 A.IV.4): registration, sign-in, sessions, password change and reset,
 * staff accounts, roles and permissions the LSP configures. What other code may call: the module
 * descriptor, the first-admin command, and the pure field validators (NIK, phone, e-mail, name,
 * password), which other modules reuse for the same fields. */
#ifndef UJIKOM_ACCOUNTS_H
#define UJIKOM_ACCOUNTS_H
#include <stddef.h>

#include "err.h"
#include "module.h"

struct app;

extern const struct module accounts_module;

/* `ujikom admin create --email E`: creates an active account with role admin_lsp and a random
 * one-time password (written to otp_out, at least ACCOUNTS_OTP_SIZE bytes) that must be changed
 * at first sign-in. ERR_INVALID for a malformed e-mail, ERR_CONFLICT when the e-mail exists.
 * Runs on the calling thread (hashes inline); the app must be open (migrations and init done). */
enum err accounts_admin_create(struct app *app, const char *email, char *otp_out, size_t otp_size);

/* --- validators: pure; each returns NULL when the value is acceptable, else a message code --- */

#define ACCOUNTS_EMAIL_MAX    254
#define ACCOUNTS_PHONE_SIZE   20 /* "+628" and up to 11 more digits, with the NUL */
#define ACCOUNTS_PASSWORD_MIN 10 /* characters (code points) */
#define ACCOUNTS_PASSWORD_MAX 128
#define ACCOUNTS_NAME_MIN     3
#define ACCOUNTS_NAME_MAX     100
#define ACCOUNTS_OTP_SIZE     20 /* "XXXX-XXXX-XXXX-XXXX" with the NUL */

/* NIK (Nomor Induk Kependudukan): 16 digits; digits 1-2 a province code (11-19, 21, 31-36, 51-53,
 * 61-65, 71-76, 81-82, 91-97); digits 7-8 the day of birth 01-31, or 41-71 for women; digits 9-10
 * the month 01-12. "nik_invalid". */
const char *accounts_nik_check(const char *nik);
/* A person's name: 3..100 characters, no control characters, at least one letter. "name_invalid".
 */
const char *accounts_name_check(const char *name);
/* A sane address of at most 254 bytes (local@domain.tld), written lowercased into out.
 * "email_invalid". */
const char *accounts_email_normalize(const char *in, char *out, size_t outsz);
/* Indonesian mobile number: +62, 62 or 0, then 8, then 7..11 more digits; spaces and dashes are
 * ignored. Written as +628... into out (ACCOUNTS_PHONE_SIZE). "phone_invalid". */
const char *accounts_phone_normalize(const char *in, char *out, size_t outsz);
/* Password policy: 10..128 characters ("password_too_short", "password_too_long"); letters and
 * digits, not containing the e-mail's local part, not a common password ("password_weak").
 * email may be NULL. */
const char *accounts_password_check(const char *password, const char *email);
/* A custom role name: a lowercase letter, then 1..39 of a-z, 0-9, _. "role_name_invalid". */
const char *accounts_role_name_check(const char *name);
/* A one-time password "XXXX-XXXX-XXXX-XXXX" (A-Z without I and O, digits 2-9) from 16 random
 * bytes; always contains a letter and a digit, so it passes accounts_password_check. */
void accounts_otp_from_bytes(const unsigned char rnd[16], char *out, size_t outsz);

#endif
