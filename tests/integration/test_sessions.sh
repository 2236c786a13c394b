#!/usr/bin/env bash
# Sessions against the real server: cookie attributes, CSRF rotation at login, logout invalidates
# the cookie server-side, listing own sessions, revoking one session from another (own only).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_server

# set_cookie_line NAME: the Set-Cookie header for NAME in the last response.
set_cookie_line() {
	grep -i "^set-cookie:[[:space:]]*$1=" "$RHDR" | tail -n 1 | tr -d '\r' || true
}
# with_cookie SID METHOD PATH [ARGS]: request carrying only ujikom_sid=SID (no jar).
with_cookie() {
	local sid=$1
	shift
	local saved=$JAR
	JAR=$ROOT/jar.none
	rm -f "$JAR"
	req "$@" -H "Cookie: ujikom_sid=$sid"
	JAR=$saved
}
# current_session_id VAR: GET /api/sessions (current jar); sets VAR to the id of the entry with
# current=true. (Not a $(...) helper: req must run in this shell to keep its bookkeeping.)
current_session_id() {
	req GET /api/sessions
	printf -v "$1" '%s' "$(json_sql "select json_extract(e.value, '\$.id') from j, json_each(j.doc, '\$.sessions') e where json_extract(e.value, '\$.current') = 1;")"
}

id_a='' id_b='' id_c=''

# --- anonymous ---
use_jar a
rm -f "$JAR"
req GET /api/session
assert_status 200 "GET /api/session (anonymous) -> 200"
assert_json '$.signed_in' false "anonymous: signed_in false"
assert_json_type '$.account' null "anonymous: account null"
csrf_line=$(set_cookie_line ujikom_csrf)
if [[ -n "$csrf_line" ]] && ! grep -qi 'httponly' <<<"$csrf_line"; then
	pass "ujikom_csrf cookie is set and readable by JS (no HttpOnly)"
else
	fail "ujikom_csrf cookie set without HttpOnly" "Set-Cookie: ${csrf_line:-<absent>}"
fi
grep -qi 'samesite=lax\|samesite=strict' <<<"$csrf_line" && pass "ujikom_csrf has SameSite" ||
	fail "ujikom_csrf has SameSite" "Set-Cookie: $csrf_line"
csrf_before=$(cookie_value ujikom_csrf)
req GET /api/session
assert_eq "$(cookie_value ujikom_csrf)" "$csrf_before" "ujikom_csrf stays stable while present"

# --- login: cookie attributes, CSRF rotation ---
req_json POST /api/session "{\"email\":\"$DEMO_ASESI\",\"password\":\"$DEMO_PASSWORD\"}"
assert_status 200 "asesi login -> 200"
assert_json '$.account.email' "$DEMO_ASESI" "login returns the account"
assert_json_type '$.account.roles' array "login returns roles[]"
assert_json_type '$.account.permissions' array "login returns permissions[]"
sid_line=$(set_cookie_line ujikom_sid)
if [[ -z "$sid_line" ]]; then
	fail "login sets ujikom_sid" "no Set-Cookie for ujikom_sid"
else
	pass "login sets ujikom_sid"
	grep -qi 'httponly' <<<"$sid_line" && pass "ujikom_sid is HttpOnly" || fail "ujikom_sid is HttpOnly" "$sid_line"
	grep -qi 'samesite=lax' <<<"$sid_line" && pass "ujikom_sid is SameSite=Lax" || fail "ujikom_sid is SameSite=Lax" "$sid_line"
	grep -qi 'path=/\(;\|$\)' <<<"$sid_line" && pass "ujikom_sid has Path=/" || fail "ujikom_sid has Path=/" "$sid_line"
	grep -qi 'secure' <<<"$sid_line" && note "ujikom_sid is Secure over plain HTTP (browsers on http://127.0.0.1 accept it, others may not)"
fi
csrf_after=$(cookie_value ujikom_csrf)
if [[ -n "$csrf_after" && "$csrf_after" != "$csrf_before" ]]; then
	pass "login rotates ujikom_csrf"
else
	fail "login rotates ujikom_csrf" "before '$csrf_before' after '$csrf_after'"
fi
assert_json '$.csrf' "$csrf_after" "login returns the new csrf token"
sid_a=$(cookie_value ujikom_sid)
assert_match "$sid_a" '^.{20,}$' "session token is long (${#sid_a} chars)"
# The old token must not work any more for state-changing requests.
req POST /api/accounts/register -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf_before" \
	--data-binary '{}'
assert_error 403 csrf "" "pre-login CSRF token refused after rotation"

req GET /api/session
assert_json '$.signed_in' true "GET /api/session: signed_in true"
assert_json '$.account.email' "$DEMO_ASESI" "GET /api/session: account email"
if [[ -n "$sid_a" ]] && [[ "$(grep -caF "$sid_a" "$DATA"/ujikom.db* 2>/dev/null | awk -F: '{s += $NF} END {print s + 0}')" == 0 ]]; then
	pass "session token is not stored in clear in the database"
else
	note "the session token appears verbatim in the database files (store a hash instead)"
fi

# --- tampered cookie ---
tampered=${sid_a%?}$([[ "${sid_a: -1}" == A ]] && echo B || echo A)
with_cookie "$tampered" GET /api/sessions
assert_error 401 unauthenticated "" "tampered session cookie -> 401"
with_cookie "$sid_a" GET /api/sessions
assert_status 200 "the same request with the real cookie -> 200 (control)"

# --- second session (B) of the same account; other account (C) ---
use_jar b
rm -f "$JAR"
login "$DEMO_ASESI" "$DEMO_PASSWORD" && pass "second asesi login (B)" || fail "second asesi login (B)" "status $STATUS"
sid_b=$(cookie_value ujikom_sid)
assert_match "$sid_b" '^.+$' "B has a session cookie"
if [[ "$sid_b" != "$sid_a" ]]; then pass "B's token differs from A's"; else fail "B's token differs from A's"; fi
current_session_id id_b
assert_match "$id_b" '^[0-9]+$' "B finds its own session id in GET /api/sessions ($id_b)"

login_as asesor c
current_session_id id_c
assert_match "$id_c" '^[0-9]+$' "C (asesor) finds its session id ($id_c)"

use_jar a
current_session_id id_a
assert_status 200 "A: GET /api/sessions -> 200"
assert_match "$id_a" '^[0-9]+$' "A finds its own session id ($id_a)"
ids=$(json_sql "select group_concat(json_extract(e.value, '\$.id'), ' ') from j, json_each(j.doc, '\$.sessions') e;")
if grep -qw -- "$id_b" <<<"$ids"; then pass "A sees B in its sessions list"; else fail "A sees B in its sessions list" "ids: $ids"; fi
if ! grep -qw -- "$id_c" <<<"$ids"; then pass "A does not see the asesor's session"; else fail "A does not see the asesor's session" "ids: $ids"; fi
cur=$(json_sql "select count(*) from j, json_each(j.doc, '\$.sessions') e where json_extract(e.value, '\$.current') = 1;")
assert_eq "$cur" 1 "exactly one session is marked current"
if grep -qF "$sid_a" "$RBODY"; then fail "sessions list does not reveal tokens"; else pass "sessions list does not reveal tokens"; fi
first=$(json_sql "select json_extract(j.doc, '\$.sessions[0]') from j;")
for k in id created_at last_seen_at ip user_agent current; do
	t=$(sqlite3 :memory: "select json_type('$(_sqlq "$first")', '\$.$k');" 2>/dev/null || true)
	if [[ -n "$t" ]]; then pass "session entry has $k"; else fail "session entry has $k" "entry: $first"; fi
done

# --- revoke: refusals first ---
req DELETE "/api/sessions/$id_b"
assert_error 403 csrf "" "revoke without CSRF token -> 403 csrf"
req_csrf DELETE "/api/sessions/$id_c"
assert_error 404 "" "" "revoking another account's session -> 404"
req_csrf DELETE /api/sessions/999999999
assert_error 404 "" "" "revoking an unknown session -> 404"
req_csrf DELETE /api/sessions/abc
assert_error 404 "" "" "revoking session 'abc' -> 404"
use_jar c
req GET /api/sessions
assert_status 200 "C still signed in after A's refused revoke"
use_jar b
req GET /api/sessions
assert_status 200 "B still signed in after the refused revoke"

# --- revoke B from A ---
use_jar a
req_csrf DELETE "/api/sessions/$id_b"
assert_status 204 "A revokes B -> 204"
use_jar b
req GET /api/sessions
assert_error 401 unauthenticated "" "B after revocation: GET /api/sessions -> 401"
req GET /api/session
assert_json '$.signed_in' false "B after revocation: signed_in false"
use_jar a
req GET /api/sessions
assert_status 200 "A still signed in after revoking B"
ids=$(json_sql "select group_concat(json_extract(e.value, '\$.id'), ' ') from j, json_each(j.doc, '\$.sessions') e;")
if ! grep -qw -- "$id_b" <<<"$ids"; then pass "B no longer listed"; else fail "B no longer listed" "ids: $ids"; fi

# --- logout invalidates the cookie server-side ---
req_csrf DELETE /api/session
assert_status 204 "logout -> 204"
sid_line=$(set_cookie_line ujikom_sid)
if grep -qiE 'max-age=0|expires=thu, 01 jan 1970' <<<"$sid_line"; then
	pass "logout clears the ujikom_sid cookie"
else
	fail "logout clears the ujikom_sid cookie" "Set-Cookie: ${sid_line:-<absent>}"
fi
with_cookie "$sid_a" GET /api/sessions
assert_error 401 unauthenticated "" "old cookie after logout: GET /api/sessions -> 401"
with_cookie "$sid_a" GET /api/session
assert_json '$.signed_in' false "old cookie after logout: signed_in false"
use_jar c
req GET /api/sessions
assert_status 200 "the asesor's session is unaffected by the asesi's logout"

# --- a disabled account loses its sessions ---
login_as admin adm
asesor_id=$(db_query "select id from accounts where email = '$DEMO_ASESOR';")
req_json POST "/api/accounts/$asesor_id/status" '{"status":"disabled"}'
assert_status 204 "admin disables the asesor -> 204"
use_jar c
req GET /api/sessions
assert_error 401 unauthenticated "" "disabled account's live session -> 401"
use_jar adm
req_json POST "/api/accounts/$asesor_id/status" '{"status":"active"}'
assert_status 204 "admin re-enables the asesor -> 204"
