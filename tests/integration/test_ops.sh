#!/usr/bin/env bash
# Operations: admin create (one-time password, forced change), /healthz, /metrics (Prometheus text),
# /api/openapi.json, the access log on stdout, check-config, online backup, graceful SIGTERM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OPS_EMAIL=ops.admin@lsp-uji.id

# --- ujikom admin create (before the server runs, as an operator would on a fresh install) ---
mkdir -p "$DATA"
chmod 700 "$DATA"
rc=0
out=$("$UJIKOM_BIN" admin create --email "$OPS_EMAIL" --data-dir "$DATA" 2>"$ROOT/admin1.err") || rc=$?
assert_eq "$rc" 0 "admin create exits 0"
# The password is the last token of the line that mentions it ("password", "sandi", "kata sandi").
otp=$(grep -iE 'password|sandi' <<<"$out" | tail -n 1 | awk '{print $NF}' | tr -d '"'"'"'\r' || true)
if [[ -z "$otp" && $(wc -l <<<"$out") -eq 1 ]]; then otp=$(tr -d '[:space:]' <<<"$out"); fi
assert_match "$otp" '^[^[:space:]]{10,}$' "admin create prints a one-time password (stdout: $(tr '\n' '|' <<<"$out"))"
n_pw=$(grep -cF -- "$otp" <<<"$out$(cat "$ROOT/admin1.err")" || true)
assert_eq "$n_pw" 1 "the one-time password is printed exactly once"
rc=0
out2=$("$UJIKOM_BIN" admin create --email "$OPS_EMAIL" --data-dir "$DATA" 2>&1) || rc=$?
if ((rc != 0)); then pass "admin create with the same email again fails (exit $rc)"; else fail "admin create with the same email again fails" "exit 0: $out2"; fi
if [[ -n "$otp" ]] && grep -qF -- "$otp" <<<"$out2"; then fail "second admin create does not reveal the first password"; fi
assert_eq "$(db_count accounts "lower(email) = '$OPS_EMAIL'")" 1 "exactly one account with that email"
rc=0
out3=$("$UJIKOM_BIN" admin create --email 'OPS.Admin@LSP-uji.id' --data-dir "$DATA" 2>&1) || rc=$?
if ((rc != 0)); then pass "admin create with the same email in other case fails"; else fail "admin create with the same email in other case fails" "exit 0: $out3"; fi
rc=0
out4=$("$UJIKOM_BIN" admin create --email 'bukan-email' --data-dir "$DATA" 2>&1) || rc=$?
if ((rc != 0)); then pass "admin create with an invalid email fails"; else fail "admin create with an invalid email fails" "exit 0: $out4"; fi
if [[ -n "$otp" ]] && grep -qaF -- "$otp" "$DATA"/ujikom.db* 2>/dev/null; then
	fail "the one-time password is not stored in clear"
else
	pass "the one-time password is not stored in clear"
fi

# --- check-config ---
good=$ROOT/good.conf
printf '# ujikom test config\n\nlisten = 127.0.0.1:18123\nworkers = 3\nlsp_name = LSP Uji Coba\n' >"$good"
rc=0
cc=$("$UJIKOM_BIN" check-config "$good" 2>&1) || rc=$?
assert_eq "$rc" 0 "check-config accepts a good file"
if grep -E 'listen' <<<"$cc" | grep -qF '127.0.0.1:18123'; then pass "check-config prints listen from the file"; else fail "check-config prints listen from the file" "$(head -c 400 <<<"$cc")"; fi
if grep -E '^[^a-z]*workers\b' <<<"$cc" | grep -qw 3; then pass "check-config prints workers = 3"; else fail "check-config prints workers = 3" "$(grep -i workers <<<"$cc" || echo '<no workers line>')"; fi
if grep -E 'json_body_max|json-body-max' <<<"$cc" | grep -qw 65536; then pass "check-config prints defaults (json_body_max 65536)"; else fail "check-config prints defaults (json_body_max 65536)" "$(grep -i json <<<"$cc" || echo '<no json_body_max line>')"; fi
badconf=$ROOT/bad.conf
printf '# line 1\nlisten = 127.0.0.1:18123\nno_such_option = 1\n' >"$badconf"
rc=0
cc=$("$UJIKOM_BIN" check-config "$badconf" 2>&1) || rc=$?
if ((rc != 0)); then pass "check-config rejects an unknown option"; else fail "check-config rejects an unknown option" "exit 0"; fi
if grep -qE '(:|line |baris )3\b' <<<"$cc"; then pass "the error names line 3"; else fail "the error names line 3" "$cc"; fi
printf 'listen = 127.0.0.1:18123\nworkers = banyak\n' >"$badconf"
rc=0
cc=$("$UJIKOM_BIN" check-config "$badconf" 2>&1) || rc=$?
if ((rc != 0)); then pass "check-config rejects workers = banyak"; else fail "check-config rejects workers = banyak" "exit 0"; fi
if grep -qE '(:|line |baris )2\b' <<<"$cc"; then pass "the error names line 2"; else fail "the error names line 2" "$cc"; fi
printf 'listen = 127.0.0.1:99999\n' >"$badconf"
rc=0
cc=$("$UJIKOM_BIN" check-config "$badconf" 2>&1) || rc=$?
if ((rc != 0)); then pass "check-config rejects port 99999"; else fail "check-config rejects port 99999" "exit 0"; fi
printf 'listen 127.0.0.1:18123\n' >"$badconf"
rc=0
cc=$("$UJIKOM_BIN" check-config "$badconf" 2>&1) || rc=$?
if ((rc != 0)); then pass "check-config rejects a line without '='"; else fail "check-config rejects a line without '='" "exit 0"; fi
rc=0
cc=$("$UJIKOM_BIN" check-config "$ROOT/does-not-exist.conf" 2>&1) || rc=$?
if ((rc != 0)); then pass "check-config fails on a missing file"; else fail "check-config fails on a missing file" "exit 0"; fi

# --- serve ---
start_server
req GET /healthz
assert_status 200 "GET /healthz -> 200"
req HEAD /healthz
assert_status 200 "HEAD /healthz -> 200"

# --- the one-time password: login works, a password change is required first ---
use_jar ops
rm -f "$JAR"
if login "$OPS_EMAIL" "$otp"; then
	pass "login with the one-time password"
	assert_json '$.account.must_change_password' true "must_change_password is true"
	ops_id=$(json_get '$.account.id')
	req GET /api/accounts
	assert_status 403 "before the change: GET /api/accounts -> 403"
	req_json POST /api/account/password "{\"current_password\":\"salah-$otp\",\"new_password\":\"Admin-Baru-Kuat-2026\"}"
	assert_status '401|403|422' "password change with a wrong current password is refused"
	req_json POST /api/account/password "{\"current_password\":\"$otp\",\"new_password\":\"Admin-Baru-Kuat-2026\"}"
	assert_status 204 "password change -> 204"
	req GET /api/accounts
	assert_status 200 "after the change: GET /api/accounts -> 200"
	req GET /api/session
	assert_json '$.account.must_change_password' false "must_change_password is false after the change"
	use_jar ops2
	rm -f "$JAR"
	login "$OPS_EMAIL" "$otp" || true
	assert_error 401 invalid_credentials "" "the one-time password no longer works"
	if login "$OPS_EMAIL" Admin-Baru-Kuat-2026; then pass "login with the new password"; else fail "login with the new password" "status $STATUS"; fi
else
	fail "login with the one-time password" "status $STATUS, body $(body_excerpt)"
	ops_id=
fi

# --- access log (stdout): one line per request, with method, path, status, bytes, µs, account ---
probe=/api/nope-access-$RANDOM$RANDOM
use_jar anon
req GET "$probe"
lines=
for _ in $(seq 1 20); do
	lines=$(grep -cF -- "$probe" "$SERVER_OUT" || true)
	[[ "$lines" == 0 ]] || break
	sleep 0.1
done
assert_eq "$lines" 1 "access log: exactly one line for one request (flushed within 2 s)"
line=$(grep -F -- "$probe" "$SERVER_OUT" | tail -n 1 || true)
printf '       access log line: %s\n' "$line"
if grep -qw GET <<<"$line" && grep -qw 404 <<<"$line"; then
	pass "access log line has method and status"
else
	fail "access log line has method and status" "$line"
fi
# After the path: status, bytes (the body we received), microseconds (digits, optional unit).
bodylen=$(stat -c %s "$RBODY")
rest=${line#*"$probe"}
read -r f_status f_bytes f_us _ <<<"$rest" || true
assert_eq "$f_status" 404 "access log: status follows the path"
assert_eq "$f_bytes" "$bodylen" "access log: bytes equal the body size ($bodylen)"
assert_match "$f_us" '^[0-9]+(us|µs)?$' "access log: microseconds field ($f_us)"
assert_match "$line" '(acct|account|account_id)[=:](0|-)([^0-9]|$)' "access log: anonymous request has no account id"
for _ in 1 2 3 4; do req GET "$probe"; done
sleep 0.3
assert_eq "$(grep -cF -- "$probe" "$SERVER_OUT" || true)" 5 "access log: five requests, five lines"
if [[ -n "${ops_id:-}" ]]; then
	use_jar ops2
	probe2="/api/accounts?q=access$RANDOM"
	req GET "$probe2"
	sleep 0.3
	line=$(grep -F -- "${probe2#*\?}" "$SERVER_OUT" | tail -n 1 || true)
	[[ -n "$line" ]] || line=$(grep -F -- "/api/accounts" "$SERVER_OUT" | tail -n 1 || true)
	printf '       access log line (signed in as %s): %s\n' "$ops_id" "$line"
	if grep -qE "(acct|account|account_id)[=:]$ops_id([^0-9]|\$)" <<<"$line"; then
		pass "access log line carries the account id $ops_id"
	else
		fail "access log line carries the account id" "id $ops_id, line: $line"
	fi
fi

# --- /metrics ---
# metric_sum ERE_FILTER FILE: sum of values of sample lines matching the filter.
metric_sum() {
	grep -E "$1" "$2" | awk '{s += $NF} END {printf "%d", s}' || true
}
use_jar anon
req GET /metrics
assert_status 200 "GET /metrics -> 200"
assert_header Content-Type '^text/plain' "/metrics is text/plain"
cp "$RBODY" "$ROOT/metrics1"
for _ in 1 2 3; do req GET /api/session; done
req GET /metrics
cp "$RBODY" "$ROOT/metrics2"
for m in ujikom_http_requests_total ujikom_http_request_duration_seconds ujikom_open_connections \
	ujikom_worker_queue_depth; do
	if grep -qE "^# TYPE $m (counter|gauge|histogram)" "$ROOT/metrics2"; then pass "/metrics has # TYPE $m"; else fail "/metrics has # TYPE $m"; fi
done
if grep -qE '^ujikom_http_requests_total\{[^}]*route="[^"]+"[^}]*status="[0-9]{3}"' "$ROOT/metrics2" ||
	grep -qE '^ujikom_http_requests_total\{[^}]*status="[0-9]{3}"[^}]*route="[^"]+"' "$ROOT/metrics2"; then
	pass "ujikom_http_requests_total has route and status labels"
else
	fail "ujikom_http_requests_total has route and status labels" "$(grep -m 3 ujikom_http_requests_total "$ROOT/metrics2" || true)"
fi
filter='^ujikom_http_requests_total\{[^}]*(route="[^"]*session[^"]*"[^}]*status="200"|status="200"[^}]*route="[^"]*session[^"]*")'
s1=$(metric_sum "$filter" "$ROOT/metrics1")
s2=$(metric_sum "$filter" "$ROOT/metrics2")
if ((s2 - s1 >= 3)); then pass "session 200 counter increased by >= 3 ($s1 -> $s2)"; else fail "session 200 counter increased by >= 3" "$s1 -> $s2"; fi
t1=$(metric_sum '^ujikom_http_requests_total\{' "$ROOT/metrics1")
t2=$(metric_sum '^ujikom_http_requests_total\{' "$ROOT/metrics2")
if ((t2 - t1 >= 4)); then pass "total requests counter increased ($t1 -> $t2)"; else fail "total requests counter increased by >= 4" "$t1 -> $t2"; fi
if grep -qE '^ujikom_http_request_duration_seconds_bucket\{[^}]*le="\+Inf"\} [0-9]' "$ROOT/metrics2"; then pass "latency histogram has a +Inf bucket"; else fail "latency histogram has a +Inf bucket"; fi
nb=$(grep -cE '^ujikom_http_request_duration_seconds_bucket\{' "$ROOT/metrics2" || true)
if ((nb >= 5)); then pass "latency histogram has $nb buckets"; else fail "latency histogram has >= 5 buckets" "$nb"; fi
if grep -qE '^ujikom_http_request_duration_seconds_count' "$ROOT/metrics2" && grep -qE '^ujikom_http_request_duration_seconds_sum' "$ROOT/metrics2"; then
	pass "latency histogram has _sum and _count"
else
	fail "latency histogram has _sum and _count"
fi
oc=$(grep -E '^ujikom_open_connections(\{[^}]*\})? ' "$ROOT/metrics2" | awk '{print $NF}' | head -n 1 || true)
if [[ "$oc" =~ ^[0-9.]+$ ]] && awk -v v="$oc" 'BEGIN { exit !(v >= 1) }'; then pass "ujikom_open_connections >= 1 ($oc)"; else fail "ujikom_open_connections >= 1" "value '$oc'"; fi
qd=$(grep -E '^ujikom_worker_queue_depth(\{[^}]*\})? ' "$ROOT/metrics2" | awk '{print $NF}' | head -n 1 || true)
if [[ "$qd" =~ ^[0-9.]+$ ]]; then pass "ujikom_worker_queue_depth is a number ($qd)"; else fail "ujikom_worker_queue_depth is a number" "value '$qd'"; fi
badl=$(grep -vE '^(#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)( [0-9]+)?|)$' "$ROOT/metrics2" | head -n 3 || true)
if [[ -z "$badl" ]]; then pass "every /metrics line is valid Prometheus text"; else fail "every /metrics line is valid Prometheus text" "$badl"; fi

# --- /api/openapi.json ---
req GET /api/openapi.json
assert_status 200 "GET /api/openapi.json -> 200"
assert_header Content-Type '^application/json' "openapi is application/json"
if json_valid; then pass "openapi.json is valid JSON"; else fail "openapi.json is valid JSON" "$(body_excerpt)"; fi
assert_json '$.openapi' 3.1.0 "openapi is 3.1.0"
ops=$(json_sql "select json_extract(o.value, '\$.operationId') from j, json_each(j.doc, '\$.paths') p, json_each(p.value) o where o.key in ('get','put','post','delete','patch','head','options');")
nops=$(grep -c . <<<"$ops" || true)
if ((nops >= 10)); then pass "openapi lists $nops operations"; else fail "openapi lists >= 10 operations" "$nops"; fi
badops=$(grep -vE '^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$' <<<"$ops" || true)
if [[ -z "$badops" ]]; then pass "every operationId has the form module.action"; else fail "every operationId has the form module.action" "$(head -n 5 <<<"$badops" | tr '\n' ' ')"; fi
dups=$(sort <<<"$ops" | uniq -d)
if [[ -z "$dups" ]]; then pass "operationIds are unique"; else fail "operationIds are unique" "$dups"; fi
for op in accounts.register accounts.login accounts.session_get accounts.logout accounts.list; do
	if grep -qx "$op" <<<"$ops"; then pass "openapi has $op"; else fail "openapi has $op"; fi
done
reg=$(json_get '$.paths."/api/accounts/register".post.operationId')
assert_eq "$reg" accounts.register "POST /api/accounts/register is accounts.register"

# --- online backup ---
bk=$ROOT/backup/ujikom-backup.db
mkdir -p "$ROOT/backup"
rc=0
bout=$("$UJIKOM_BIN" backup "$bk" --data-dir "$DATA" 2>&1) || rc=$?
assert_eq "$rc" 0 "backup while serving exits 0 ($(head -c 200 <<<"$bout"))"
if [[ -f "$bk" ]]; then
	ic=$(sqlite3 "$bk" 'PRAGMA integrity_check;' 2>&1 || true)
	assert_eq "$ic" ok "backup passes PRAGMA integrity_check"
	assert_eq "$(sqlite3 "$bk" 'select count(*) from accounts;' 2>&1 || true)" "$(db_count accounts)" \
		"backup has the same number of accounts"
	live_ledger=$(db_count ledger_entries)
	bk_ledger=$(sqlite3 "$bk" 'select count(*) from ledger_entries;' 2>&1 || true)
	if [[ "$live_ledger" =~ ^[0-9]+$ ]]; then
		assert_eq "$bk_ledger" "$live_ledger" "backup has the same ledger entries"
	else
		fail "ledger_entries readable" "$live_ledger"
	fi
	if [[ ! -e "$bk-wal" || ! -s "$bk-wal" ]]; then pass "backup is a self-contained file (no WAL to carry)"; else fail "backup is a self-contained file" "$(stat -c %s "$bk-wal") bytes in $bk-wal"; fi
else
	fail "backup file exists" "$bk"
fi
rc=0
bout=$("$UJIKOM_BIN" backup "$bk" --data-dir "$DATA" 2>&1) || rc=$?
if ((rc != 0)); then
	pass "backup refuses to overwrite an existing file"
else
	note "backup overwrote an existing file (exit 0)"
fi
req GET /healthz
assert_status 200 "server healthy after the backup"

# --- SIGTERM with an idle keep-alive connection open: still a prompt, clean exit ---
exec 5<>"/dev/tcp/127.0.0.1/$PORT" || true
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' "$PORT" >&5 || true
stop_server
exec 5>&- || true
# Restart on the same data: migrations are idempotent, demo seeding too.
start_server
req GET /api/session
assert_status 200 "restart on the same data dir works"
use_jar ops3
rm -f "$JAR"
if login "$OPS_EMAIL" Admin-Baru-Kuat-2026; then pass "the changed password survives a restart"; else fail "the changed password survives a restart" "status $STATUS"; fi
