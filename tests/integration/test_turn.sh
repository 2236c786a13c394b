#!/usr/bin/env bash
# STUN/TURN for live sessions against a real coturn: turnserver (Debian package coturn, from
# deploy/install-deps --test) runs on 127.0.0.1 with a config derived from deploy/coturn.conf and
# the same secret file as ujikom; ujikom (--demo) names it in ice_urls. Checks:
#  - start-up refuses a group/world-readable secret file and turn: URLs without a secret;
#    check-config says which setting is wrong;
#  - GET /api/assessment/sessions/:id/ice: 401 without a session, 404 to an account that is not in
#    the session, 200 to its assessor, asesi and an observer; Cache-Control no-store; the STUN and
#    TURN URLs as configured; username "<expiry>:<16 hex>" that names no person and differs per
#    account; credential = base64(HMAC-SHA1(secret, username)) computed here with openssl; 409
#    after the session ended;
#  - coturn's own client (turnutils_uclient) allocates a relay with the minted credential (exit 0
#    and coturn logs the allocation for that username); a tampered credential and a credential
#    whose expiry is past (minted here by hand with the same HMAC; the same hand-minting with a
#    future expiry is accepted, so the refusal is the expiry's) are refused (non-zero exit, coturn
#    logs 401 for that username); a relay towards a private address (10.x) is refused (403) by
#    deploy/coturn.conf's denied-peer-ip;
#  - the secret appears in no response and nowhere in the server's output.
# deploy/coturn.conf denies 127.0.0.0/8 as a peer (the relay must not reach the LSP's host); this
# test relaxes that with allow-loopback-peers and allowed-peer-ip=127.0.0.1, because here the
# peers are on loopback.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

for tool in turnserver turnutils_uclient turnutils_stunclient openssl node; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "$tool is installed (deploy/install-deps --test)"
		exit 1
	fi
done

TURN_PID=
TURN_LOG=$ROOT/turn.log
_turn_exit() {
	local rc=$?
	if [[ -n "$TURN_PID" ]]; then
		kill -TERM "$TURN_PID" 2>/dev/null || true
		wait "$TURN_PID" 2>/dev/null || true
		TURN_PID=
	fi
	if ((FAIL > 0)) && [[ -s "$TURN_LOG" ]]; then
		printf -- '--- coturn log (tail) ---\n'
		tail -n 25 "$TURN_LOG"
	fi
	(exit "$rc")
	_lib_on_exit
}
trap _turn_exit EXIT

# --- the shared secret, as deploy/coturn.conf's header makes it ---------------------------------
SECRET_FILE=$ROOT/turn.secret
(
	umask 077
	openssl rand -hex 32 >"$SECRET_FILE"
)
SECRET=$(cat "$SECRET_FILE")

# hmac USER [SECRET]: the TURN REST password, computed independently of ujikom.
hmac() {
	printf %s "$1" | openssl dgst -sha1 -hmac "${2:-$SECRET}" -binary | base64
}

# --- start-up refusals ---------------------------------------------------------------------------
out=$("$UJIKOM_BIN" check-config --ice-urls "stun:127.0.0.1:3478 turn:127.0.0.1:3478" 2>&1) && rc=0 || rc=$?
if ((rc != 0)) && grep -q turn_secret_file <<<"$out"; then
	pass "check-config: turn: URLs without turn_secret_file are refused, naming the setting"
else
	fail "check-config: turn: URLs without turn_secret_file are refused" "exit $rc: $out"
fi
cp "$SECRET_FILE" "$ROOT/loose.secret"
chmod 0644 "$ROOT/loose.secret"
out=$("$UJIKOM_BIN" check-config --ice-urls "turn:127.0.0.1:3478" --turn-secret-file "$ROOT/loose.secret" 2>&1) && rc=0 || rc=$?
if ((rc != 0)) && grep -q 'turn_secret_file' <<<"$out" && grep -q 0644 <<<"$out" && ! grep -qF "$SECRET" <<<"$out"; then
	pass "check-config: a world-readable secret file is refused (mode named, secret not shown)"
else
	fail "check-config: a world-readable secret file is refused" "exit $rc: $out"
fi
out=$("$UJIKOM_BIN" check-config --ice-urls "stun://127.0.0.1" 2>&1) && rc=0 || rc=$?
if ((rc != 0)) && grep -q 'ice_urls' <<<"$out" && grep -q 'stun://127.0.0.1' <<<"$out"; then
	pass "check-config: a malformed URL is refused, naming ice_urls and the URL"
else
	fail "check-config: a malformed URL is refused" "exit $rc: $out"
fi
rc=0
timeout 20 "$UJIKOM_BIN" serve --listen 127.0.0.1:1 --data-dir "$ROOT/refused" --web-dir "$WEB" \
	--ice-urls "turn:127.0.0.1:3478" --turn-secret-file "$ROOT/loose.secret" \
	>"$ROOT/refused.out" 2>&1 || rc=$?
if ((rc != 0 && rc != 124)) && grep -q 'turn_secret_file' "$ROOT/refused.out"; then
	pass "serve refuses to start with a group/world-readable secret file (exit $rc)"
else
	fail "serve refuses to start with a group/world-readable secret file" "exit $rc" "$(tail -n 3 "$ROOT/refused.out")"
fi

# --- coturn on 127.0.0.1, configured from deploy/coturn.conf --------------------------------------
TURN_PORT=
for _ in 1 2 3 4 5 6 7 8; do
	p=$(_pick_port) || break
	# the UDP port must be free too
	if ! grep -qF -- "$(printf ':%04X ' "$p")" /proc/net/udp /proc/net/udp6 2>/dev/null; then
		TURN_PORT=$p
		break
	fi
done
[[ -n "$TURN_PORT" ]] || {
	fail "find a free port for coturn"
	exit 1
}
RELAY_MIN=$((40000 + RANDOM % 9000))
RELAY_MAX=$((RELAY_MIN + 200))
DEPLOY_CONF=$UJIKOM_SOURCE_DIR/deploy/coturn.conf
TURN_CONF=$ROOT/coturn.conf
# Host-specific lines (addresses, ports, TLS files, syslog, privilege drop, realm, the secret
# placeholder) are replaced; everything else (use-auth-secret, fingerprint, stale-nonce,
# denied-peer-ip, quotas, no-cli, ...) is used as deploy/coturn.conf has it.
grep -vE '^[[:space:]]*(#|$)' "$DEPLOY_CONF" |
	grep -vE '^(listening-ip|relay-ip|external-ip|listening-port|tls-listening-port|min-port|max-port|cert|pkey|syslog|log-file|pidfile|realm|server-name|static-auth-secret|userdb|proc-user|proc-group|simple-log)([[:space:]=]|$)' \
		>"$TURN_CONF"
for want in use-auth-secret fingerprint no-cli no-multicast-peers 'denied-peer-ip=127.0.0.0-127.255.255.255' \
	'denied-peer-ip=10.0.0.0-10.255.255.255' 'denied-peer-ip=192.168.0.0-192.168.255.255' user-quota total-quota stale-nonce; do
	if ! grep -qE "^${want}" "$TURN_CONF"; then
		fail "deploy/coturn.conf has '$want' (kept in the test's config)"
	fi
done
cat >>"$TURN_CONF" <<EOF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$TURN_PORT
min-port=$RELAY_MIN
max-port=$RELAY_MAX
realm=test.ujikom.local
static-auth-secret=$SECRET
no-tls
userdb=$ROOT/turndb
log-file=$TURN_LOG
simple-log
pidfile=$ROOT/turn.pid
# the test's peers are on loopback (deploy/coturn.conf denies 127.0.0.0/8)
allow-loopback-peers
allowed-peer-ip=127.0.0.1
EOF
chmod 600 "$TURN_CONF"
turnserver -c "$TURN_CONF" >"$ROOT/turn.out" 2>&1 &
TURN_PID=$!
ready=0
for _ in $(seq 1 50); do
	kill -0 "$TURN_PID" 2>/dev/null || break
	if timeout 3 turnutils_stunclient -p "$TURN_PORT" 127.0.0.1 >/dev/null 2>&1; then
		ready=1
		break
	fi
	sleep 0.2
done
if ((ready)); then
	pass "coturn answers STUN on 127.0.0.1:$TURN_PORT (config from deploy/coturn.conf)"
else
	fail "coturn starts with the config from deploy/coturn.conf" "$(tail -n 5 "$ROOT/turn.out")" "$(tail -n 5 "$TURN_LOG" 2>/dev/null)"
	exit 1
fi

# uclient NAME USER PASSWORD [ARGS...]: coturn's client, two clients relaying to each other (-y)
# through allocations on the server; output in $ROOT/uclient.NAME, exit status in UC_RC.
UC_RC=0
uclient() {
	local name=$1 user=$2 pw=$3
	shift 3
	UC_RC=0
	timeout 60 turnutils_uclient -p "$TURN_PORT" -u "$user" -w "$pw" -n 2 -X "$@" 127.0.0.1 \
		>"$ROOT/uclient.$name" 2>&1 || UC_RC=$?
}
# turn_log_count ERE: lines of the coturn log matching ERE (fixed user names are escaped by callers).
turn_log_count() {
	grep -cE -- "$1" "$TURN_LOG" 2>/dev/null || true
}
re_escape() {
	sed -e 's/[][\.*^$?+(){}|/]/\\&/g' <<<"$1"
}

# --- ujikom with the TURN URLs and the secret file ------------------------------------------------
ICE_URLS="stun:127.0.0.1:$TURN_PORT turn:127.0.0.1:$TURN_PORT?transport=udp,turn:127.0.0.1:$TURN_PORT?transport=tcp"
start_server --ice-urls "$ICE_URLS" --turn-secret-file "$SECRET_FILE" --turn-ttl-minutes 60

# a case the demo assessor may open a session for (the browser tests' API helper)
CASE_ID=$(node --input-type=module -e "
import { caseTo } from '$UJIKOM_SOURCE_DIR/tests/browser/lib/case-api.mjs';
const r = await caseTo(process.argv[1], 'CONSENTED');
console.log(r.caseId);" "$BASE" 2>"$ROOT/caseto.err") || true
if [[ "$CASE_ID" =~ ^[0-9]+$ ]]; then
	pass "a demo case is taken to CONSENTED (case $CASE_ID)"
else
	fail "a demo case is taken to CONSENTED" "$(tail -n 5 "$ROOT/caseto.err")"
	exit 1
fi

login_as asesor
req_json POST /api/assessment/sessions "{\"case_id\":$CASE_ID}"
assert_status 201 "the assigned assessor opens the session"
SID=$(json_get '$.id')

# who may have it
use_jar nobody
rm -f "$JAR"
req GET "/api/assessment/sessions/$SID/ice"
assert_error 401 "" "" "ice: 401 without a session"
login_as admin
req GET "/api/assessment/sessions/$SID/ice"
assert_error 404 not_found "" "ice: 404 to an account outside the session (admin, no observe permission)"
login_as auditor@demo.ujikom.id auditor
req GET "/api/assessment/sessions/$SID/ice"
assert_status 200 "ice: 200 to an observer (auditor)"
AUDITOR_USER=$(json_get '$.iceServers[1].username')
login_as asesi
req GET "/api/assessment/sessions/$SID/ice"
assert_status 200 "ice: 200 to the session's asesi"
ASESI_USER=$(json_get '$.iceServers[1].username')
cp "$RBODY" "$ROOT/ice.asesi.json"

use_jar asesor
req GET "/api/assessment/sessions/$SID/ice"
assert_status 200 "ice: 200 to the session's assessor"
assert_header Cache-Control '^no-store$' "ice: Cache-Control: no-store"
assert_json '$.ttl' 3600 "ice: ttl is turn_ttl_minutes in seconds"
assert_json '$.iceServers[0].urls' "[\"stun:127.0.0.1:$TURN_PORT\"]" "ice: the STUN URL, without a credential"
assert_json_type '$.iceServers[0].username' '' "ice: the STUN entry has no username"
assert_json '$.iceServers[1].urls' "[\"turn:127.0.0.1:$TURN_PORT?transport=udp\",\"turn:127.0.0.1:$TURN_PORT?transport=tcp\"]" "ice: the TURN URLs in order"
TURN_USER=$(json_get '$.iceServers[1].username')
TURN_CRED=$(json_get '$.iceServers[1].credential')
EXPIRES_AT=$(json_get '$.expires_at')
assert_match "$TURN_USER" '^[0-9]{10}:[0-9a-f]{16}$' "ice: username is <unix expiry>:<16 hex digits>"
assert_eq "$TURN_CRED" "$(hmac "$TURN_USER")" "ice: credential = base64(HMAC-SHA1(secret, username)) (openssl)"
expiry=${TURN_USER%%:*}
now=$(date +%s)
if ((expiry > now && expiry <= now + 3600 + 5)); then
	pass "ice: the username's expiry is in the future and at most ttl away"
else
	fail "ice: the username's expiry is in the future and at most ttl away" "expiry $expiry, now $now"
fi
exp_iso=$(date -u -d "@$expiry" +%Y-%m-%dT%H:%M:%S)
assert_match "$EXPIRES_AT" "^$exp_iso" "ice: expires_at is the username's expiry"
if [[ "$ASESI_USER" != "$TURN_USER" && "$AUDITOR_USER" != "$TURN_USER" && "${ASESI_USER#*:}" != "${TURN_USER#*:}" ]]; then
	pass "ice: each account gets its own pseudonym"
else
	fail "ice: each account gets its own pseudonym" "asesor $TURN_USER, asesi $ASESI_USER, auditor $AUDITOR_USER"
fi
if grep -qiE 'asesor|asesi|demo|@|ujikom' <<<"$TURN_USER$ASESI_USER$AUDITOR_USER"; then
	fail "ice: usernames name no person" "$TURN_USER $ASESI_USER $AUDITOR_USER"
else
	pass "ice: usernames name no person (no e-mail, no name)"
fi
ASESOR_ID=$(db_query "select id from accounts where email = '$DEMO_ASESOR';")
if [[ "$ASESOR_ID" =~ ^[0-9]+$ ]] && ! grep -qE "(^|:)0*$ASESOR_ID\$" <<<"$TURN_USER"; then
	pass "ice: the username is not the bare account id"
else
	fail "ice: the username is not the bare account id" "account $ASESOR_ID, user $TURN_USER"
fi

# --- coturn accepts what ujikom minted --------------------------------------------------------------
U_RE=$(re_escape "$TURN_USER")
uclient good "$TURN_USER" "$TURN_CRED" -y
allocs=$(turn_log_count "user <$U_RE>: incoming packet ALLOCATE processed, success")
if ((UC_RC == 0)) && ((allocs > 0)); then
	pass "coturn allocates a relay with ujikom's credential (turnutils_uclient exit 0, $allocs allocation(s) logged for $TURN_USER)"
else
	fail "coturn allocates a relay with ujikom's credential" "turnutils_uclient exit $UC_RC, allocations logged: $allocs" "$(tail -n 4 "$ROOT/uclient.good")"
fi
# the asesi's credential too (another pseudonym, same secret)
ASESI_CRED=$(json_get '$.iceServers[1].credential' "$ROOT/ice.asesi.json")
uclient asesi "$ASESI_USER" "$ASESI_CRED" -y
check "coturn allocates with the asesi's credential (exit $UC_RC)" test "$UC_RC" -eq 0

# a tampered credential: the first character changed
first=${TURN_CRED:0:1}
if [[ "$first" == A ]]; then swap=B; else swap=A; fi
before=$(turn_log_count "user <$U_RE>: .*error 401")
uclient tampered "$TURN_USER" "$swap${TURN_CRED:1}" -y
after=$(turn_log_count "user <$U_RE>: .*error 401")
if ((UC_RC != 0)) && ((after > before)); then
	pass "coturn refuses a tampered credential (exit $UC_RC, 401 logged for the username)"
else
	fail "coturn refuses a tampered credential" "exit $UC_RC, 401 lines before $before after $after" "$(head -n 4 "$ROOT/uclient.tampered")"
fi

# hand-minted credentials: a future expiry is accepted (the recipe is right) ...
opaque=${TURN_USER#*:}
FUTURE_USER="$(($(date +%s) + 600)):$opaque"
uclient future "$FUTURE_USER" "$(hmac "$FUTURE_USER")" -y
check "coturn accepts a credential minted here with a future expiry (exit $UC_RC)" test "$UC_RC" -eq 0
# ... and a past one is refused
PAST_USER="$(($(date +%s) - 60)):$opaque"
P_RE=$(re_escape "$PAST_USER")
uclient expired "$PAST_USER" "$(hmac "$PAST_USER")" -y
refused=$(turn_log_count "user <$P_RE>: .*error 401")
if ((UC_RC != 0)) && ((refused > 0)); then
	pass "coturn refuses a credential whose expiry is past (exit $UC_RC, 401 logged)"
else
	fail "coturn refuses a credential whose expiry is past" "exit $UC_RC, 401 lines $refused" "$(head -n 4 "$ROOT/uclient.expired")"
fi
# a credential under another secret is refused too
OTHER_USER="$(($(date +%s) + 600)):$opaque"
uclient othersecret "$OTHER_USER" "$(hmac "$OTHER_USER" "not-the-lsp-secret-0123456789")" -y
check "coturn refuses a credential made with another secret (exit $UC_RC)" test "$UC_RC" -ne 0

# deploy/coturn.conf's denied-peer-ip: no relay towards the LSP's internal network
uclient private "$TURN_USER" "$TURN_CRED" -e 10.1.2.3
if ((UC_RC != 0)) && grep -q '403 (Forbidden IP)' "$ROOT/uclient.private" &&
	grep -q 'peer IP 10.1.2.3 denied' "$TURN_LOG"; then
	pass "coturn refuses to relay to a private address (10.1.2.3: 403 Forbidden IP, denied-peer-ip)"
else
	fail "coturn refuses to relay to a private address" "exit $UC_RC" "$(head -n 4 "$ROOT/uclient.private")"
fi

# --- after the end -----------------------------------------------------------------------------------
req_json POST "/api/assessment/sessions/$SID/end" '{}'
assert_status 200 "the assessor ends the session"
req GET "/api/assessment/sessions/$SID/ice"
assert_error 409 asm_session_ended "" "ice: 409 after the session ended"

# --- openapi -----------------------------------------------------------------------------------------
req GET /api/openapi.json
if json_valid && [[ "$(json_get '$.paths."/api/assessment/sessions/{id}/ice".get.operationId')" == assessment.ice ]]; then
	pass "openapi lists GET /api/assessment/sessions/{id}/ice"
else
	fail "openapi lists GET /api/assessment/sessions/{id}/ice" "$(json_get '$.paths."/api/assessment/sessions/{id}/ice"')"
fi

# --- the secret stays secret -----------------------------------------------------------------------
stop_server
leaks=$(grep -lF -- "$SECRET" "$ROOT"/resp/* "$SERVER_LOG" "$SERVER_OUT" 2>/dev/null || true)
if [[ -z "$leaks" ]]; then
	pass "the secret appears in no response and not in the server's output"
else
	fail "the secret appears in no response and not in the server's output" $leaks
fi
if grep -qF -- "$TURN_CRED" "$SERVER_LOG" "$SERVER_OUT"; then
	fail "the minted credential is not logged"
else
	pass "the minted credential is not logged"
fi
if grep -q "TURN credential for session $SID, account $ASESOR_ID (asesor): user $TURN_USER" "$SERVER_LOG"; then
	pass "the server log pairs the pseudonym with its session and account (for the LSP's audit)"
else
	fail "the server log pairs the pseudonym with its session and account" "$(grep -i turn "$SERVER_LOG" | tail -n 3)"
fi
