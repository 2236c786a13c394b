#!/usr/bin/env bash
# Authentication, authorisation and CSRF refusals, and the accounts field rules, against the real
# server; every refused request must leave the accounts table unchanged.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_server

REG=/api/accounts/register
# register_body NIK EMAIL [PASSWORD] [PHONE] [NAME]
register_body() {
	printf '{"nik":"%s","name":"%s","email":"%s","phone":"%s","password":"%s"}' \
		"$1" "${5:-Siti Rahmawati}" "$2" "${4:-0812-3456-7890}" "${3:-Sertifikasi-Kompeten-77}"
}
# expect_unchanged DESC: accounts count still equals $count.
expect_unchanged() {
	assert_eq "$(db_count accounts)" "$count" "$1: accounts count unchanged"
}

count=$(db_count accounts)
assert_match "$count" '^[0-9]+$' "accounts table readable (count $count)"

# --- no session ---
use_jar anon
req GET /api/accounts
assert_error 401 unauthenticated "" "no session: GET /api/accounts -> 401 unauthenticated"
req GET /api/accounts/1
assert_error 401 unauthenticated "" "no session: GET /api/accounts/1 -> 401 unauthenticated"
req GET /api/sessions
assert_error 401 unauthenticated "" "no session: GET /api/sessions -> 401 unauthenticated"
req_json POST /api/accounts '{"email":"staf@lsp.id","name":"Staf Baru","phone":"081234567890","roles":["asesor"]}'
assert_error 401 unauthenticated "" "no session: POST /api/accounts -> 401"
expect_unchanged "anonymous staff_create"

# --- wrong password ---
req_json POST /api/session "{\"email\":\"$DEMO_ASESI\",\"password\":\"Salah-Sandi-123\"}"
assert_error 401 invalid_credentials "" "wrong password -> 401 invalid_credentials"
req_json POST /api/session '{"email":"tidak.ada@demo.ujikom.id","password":"Salah-Sandi-123"}'
assert_error 401 invalid_credentials "" "unknown email -> 401 invalid_credentials (same answer)"
assert_eq "$(cookie_value ujikom_sid)" "" "failed login sets no session cookie"

# --- asesi: signed in, not allowed ---
login_as asesi
req GET /api/accounts
assert_error 403 forbidden "" "asesi: GET /api/accounts -> 403 forbidden"
req GET /api/accounts/1
assert_error 403 forbidden "" "asesi: GET /api/accounts/1 -> 403 forbidden"
req GET /api/roles
assert_error 403 forbidden "" "asesi: GET /api/roles -> 403 forbidden"
req_json POST /api/accounts '{"email":"staf@lsp.id","name":"Staf Baru","phone":"081234567890","roles":["admin_lsp"]}'
assert_error 403 forbidden "" "asesi: POST /api/accounts (staff_create) -> 403 forbidden"
expect_unchanged "asesi staff_create"
asesi_id=$(db_query "select id from accounts where email = '$DEMO_ASESI';")
req_json POST "/api/accounts/$asesi_id/roles" '{"role":"admin_lsp"}'
assert_error '403|404' "" "" "asesi: grant self admin_lsp -> 403"
assert_eq "$(db_count account_roles "account_id = '$asesi_id' and role = 'admin_lsp'")" 0 \
	"asesi did not gain admin_lsp"

# --- admin: allowed (controls that the refusals above are about the session, not the route) ---
login_as admin
req GET /api/accounts
assert_status 200 "admin: GET /api/accounts -> 200"
assert_json_type '$.accounts' array "admin: accounts list is an array"
n_listed=$(json_sql "select json_array_length(j.doc, '\$.accounts') from j;")
assert_match "$n_listed" '^[1-9][0-9]*$' "admin: accounts list is not empty ($n_listed entries, $count accounts)"
req GET '/api/accounts?q=asesi%40demo'
r=$(json_sql "select count(*) from j, json_each(j.doc, '\$.accounts') e where json_extract(e.value, '\$.email') = '$DEMO_ASESI';")
assert_eq "$r" 1 "admin: GET /api/accounts?q=asesi@demo finds the demo asesi"
if [[ -n "$asesi_id" && "$asesi_id" != ERROR* ]]; then
	req GET "/api/accounts/$asesi_id"
	assert_status 200 "admin: GET /api/accounts/$asesi_id -> 200"
	assert_json '$.email' "$DEMO_ASESI" "admin: GET /api/accounts/$asesi_id returns the account"
	if json_valid; then
		r=$(json_sql "select count(*) from j, json_each(j.doc, '\$.roles') e where e.value = 'admin_lsp';")
		assert_eq "$r" 0 "asesi's roles (API) do not include admin_lsp"
	fi
fi

# --- CSRF (anonymous register and signed-in staff_create) ---
use_jar csrf
rm -f "$JAR"
tok=$(csrf_token)
assert_match "$tok" '^.{16,}$' "GET /api/session sets a ujikom_csrf cookie (${#tok} chars)"
req GET /api/session
assert_json '$.csrf' "$tok" "GET /api/session returns the cookie's token as csrf"
body=$(register_body 3201011505900001 budi.santoso@contoh.id)
req POST "$REG" -H 'Content-Type: application/json' --data-binary "$body"
assert_error 403 csrf "" "register without X-CSRF-Token -> 403 csrf"
expect_unchanged "no token"
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: ${tok}x" --data-binary "$body"
assert_error 403 csrf "" "register with a wrong X-CSRF-Token -> 403 csrf"
expect_unchanged "wrong token"
req POST "$REG" -H 'Content-Type: application/json' -H 'X-CSRF-Token: ' --data-binary "$body"
assert_error 403 csrf "" "register with an empty X-CSRF-Token -> 403 csrf"
expect_unchanged "empty token"
# A header without the cookie (an attacker who guessed or stole a token value but has no cookie).
use_jar nocookie
rm -f "$JAR"
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: $tok" --data-binary "$body"
assert_error 403 csrf "" "X-CSRF-Token without the ujikom_csrf cookie -> 403 csrf"
expect_unchanged "token without cookie"
use_jar csrf
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: $tok" \
	-H 'Origin: https://evil.example' --data-binary "$body"
assert_error 403 "" "" "cross-site Origin with a valid token -> 403"
expect_unchanged "cross-site Origin"
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: $tok" \
	-H "Origin: http://127.0.0.1:$((PORT == 65535 ? 1 : PORT + 1))" --data-binary "$body"
assert_error 403 "" "" "Origin with another port -> 403"
expect_unchanged "other-port Origin"
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: $tok" \
	-H 'Origin: null' --data-binary "$body"
assert_error 403 "" "" "Origin: null -> 403"
expect_unchanged "null Origin"

use_jar admin
req POST /api/accounts -H 'Content-Type: application/json' \
	--data-binary '{"email":"staf.baru@lsp.id","name":"Staf Baru","phone":"081234567891","roles":["asesor"]}'
assert_error 403 csrf "" "admin session: POST /api/accounts without token -> 403 csrf"
expect_unchanged "admin without token"
req DELETE /api/session
assert_error 403 csrf "" "DELETE /api/session without token -> 403 csrf"
req GET /api/accounts
assert_status 200 "admin session still valid after the refused logout"

# Control: same-origin Origin and a valid token -> 201.
use_jar csrf
req POST "$REG" -H 'Content-Type: application/json' -H "X-CSRF-Token: $tok" \
	-H "Origin: http://127.0.0.1:$PORT" --data-binary "$body"
assert_status 201 "register with token and same-origin Origin -> 201"
assert_json_type '$.id' integer "register returns a numeric id"
count=$((count + 1))
assert_eq "$(db_count accounts)" "$count" "register created exactly one account"
assert_eq "$(db_query "select count(*) from accounts where email = 'budi.santoso@contoh.id';")" 1 \
	"the new account is stored with its email"

# --- duplicates ---
req_json POST "$REG" "$(register_body 3201011505900001 orang.lain@contoh.id)"
assert_error 409 nik_taken nik "duplicate NIK -> 409 nik_taken field nik"
expect_unchanged "duplicate NIK"
req_json POST "$REG" "$(register_body 3273014101950002 budi.santoso@contoh.id)"
assert_error 409 email_taken email "duplicate email -> 409 email_taken field email"
expect_unchanged "duplicate email"
req_json POST "$REG" "$(register_body 3273014101950002 Budi.Santoso@CONTOH.ID)"
assert_error 409 email_taken email "duplicate email in other case -> 409 email_taken"
expect_unchanged "duplicate email (case)"
req_json POST "$REG" "$(register_body 3273014101950002 "$DEMO_ASESOR")"
assert_error 409 email_taken email "email of a demo staff account -> 409 email_taken"
expect_unchanged "demo staff email"

# --- weak passwords (422 field password) ---
for pw in 'Pendek1' 'abcdefghijkl' '123456789012' 'password123' 'ujian.baru2026xx' \
	"$(head -c 129 /dev/zero | tr '\0' 'a')1"; do
	req_json POST "$REG" "$(register_body 3273014101950002 ujian.baru2026xx@contoh.id "$pw")"
	assert_error 422 "" password "weak password '${pw:0:20}' -> 422 field password"
done
expect_unchanged "weak passwords"

# --- bad NIK (422 field nik) ---
for nik in 327301410195000 32730141019500021 3273A14101950002 0073014101950002 2073014101950002 \
	3273013201950002 3273017201950002 3273014113950002 3273014100950002; do
	req_json POST "$REG" "$(register_body "$nik" nik.salah@contoh.id)"
	assert_error 422 "" nik "bad NIK $nik -> 422 field nik"
done
expect_unchanged "bad NIKs"

# --- other fields ---
req_json POST "$REG" "$(register_body 3273014101950002 bukan-email)"
assert_error 422 "" email "bad email -> 422 field email"
req_json POST "$REG" "$(register_body 3273014101950002 telp.salah@contoh.id Sertifikasi-Kompeten-77 0712345678)"
assert_error 422 "" phone "bad phone -> 422 field phone"
req_json POST "$REG" "$(register_body 3273014101950002 nama.pendek@contoh.id Sertifikasi-Kompeten-77 081234567890 Al)"
assert_error 422 "" name "name of 2 chars -> 422 field name"
req_json POST "$REG" '{"nik":"3273014101950002","name":"Siti Rahmawati","email":"tanpa.telp@contoh.id","password":"Sertifikasi-Kompeten-77"}'
assert_error 422 "" phone "missing phone -> 422 field phone"
req_json POST "$REG" '{"nik":3273014101950002,"name":"Siti Rahmawati","email":"nik.angka@contoh.id","phone":"081234567890","password":"Sertifikasi-Kompeten-77"}'
assert_error '400|422' "" nik "NIK as a JSON number -> 400/422 field nik"
expect_unchanged "bad fields"

# Control for the field rules: a woman's NIK (day + 40) and a +62 phone are accepted.
req_json POST "$REG" "$(register_body 3273014101950002 siti.r@contoh.id Sertifikasi-Kompeten-77 '+62 812 3456 7891')"
assert_status 201 "woman's NIK (day 41) and +62 phone -> 201"
count=$((count + 1))
assert_eq "$(db_count accounts)" "$count" "second register created exactly one account"
stored=$(db_query "select p.phone from account_profiles p join accounts a on a.id = p.account_id where a.email = 'siti.r@contoh.id';")
assert_eq "$stored" "+6281234567891" "phone stored normalised as +628..."

# The new asesi can sign in; a new asesi cannot list accounts.
use_jar siti
rm -f "$JAR"
if login siti.r@contoh.id Sertifikasi-Kompeten-77; then
	pass "newly registered asesi can log in"
	assert_json '$.account.must_change_password' false "self-registered asesi need not change password"
	req GET /api/accounts
	assert_error 403 forbidden "" "new asesi: GET /api/accounts -> 403"
else
	fail "newly registered asesi can log in" "status $STATUS" "body: $(body_excerpt)"
fi
