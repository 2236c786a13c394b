# Shared helpers for the integration tests: start the real ujikom binary on 127.0.0.1 (random free
# port, temp data dir), talk to it with curl, count checks, and on exit stop it (SIGTERM, must exit
# 0), verify the ledger and print "N passed, M failed". Dependencies: bash, curl, sqlite3, coreutils.
#
# Usage (in tests/integration/test_<name>.sh):
#   set -euo pipefail
#   . "$(dirname "$0")/lib.sh"
#   start_server
#   req GET /healthz; assert_status 200 "healthz"
#   (the EXIT trap checks that no response was 5xx and every response had the security headers,
#   stops the server (SIGTERM, exit 0), runs "ujikom ledger verify", looks for sanitizer reports,
#   prints the summary and exits non-zero on any failure)
#
# JSON is read with the sqlite3 shell's JSON functions (json_valid/json_extract), so no jq/python.

# --- environment --------------------------------------------------------------------------------
_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${UJIKOM_SOURCE_DIR:=$(cd "$_LIB_DIR/../.." && pwd)}"
: "${UJIKOM_BIN:=$UJIKOM_SOURCE_DIR/build/dev/ujikom}"
export UJIKOM_SOURCE_DIR UJIKOM_BIN

# Demo accounts (modules/accounts/accounts_demo.c). Override with the environment if they change.
: "${DEMO_PASSWORD:=Demo-Ujikom-2026}"
: "${DEMO_ADMIN:=admin@demo.ujikom.id}"
: "${DEMO_ASESI:=asesi@demo.ujikom.id}"
: "${DEMO_ASESOR:=asesor@demo.ujikom.id}"

CURL_RC=0
CURL_ERR=/dev/null
PASS=0
FAIL=0
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/ujikom-it.XXXXXX")
DATA=$ROOT/data           # --data-dir (the database is $DATA/ujikom.db)
WEB=$UJIKOM_SOURCE_DIR/web # --web-dir; a test may point it at a temp copy before start_server
SERVER_OUT=$ROOT/server.out # server stdout (access log, demo notes)
SERVER_LOG=$ROOT/server.log # server stderr (log)
SERVER_PID=
PORT=
BASE=
JAR=$ROOT/jar.default # current cookie jar (use_jar NAME to switch)
ACCEPT_LANG=          # when set, sent as Accept-Language
REQN=0
STATUS=
RBODY=
RHDR=
SERVER_EXTRA_ARGS=()  # extra flags for "serve"
mkdir -p "$ROOT/resp"
: >"$ROOT/requests.log"

# --- counting -----------------------------------------------------------------------------------
pass() {
	PASS=$((PASS + 1))
	printf 'ok   - %s\n' "$1"
}

# fail DESC [DETAIL...]
fail() {
	FAIL=$((FAIL + 1))
	printf 'FAIL - %s\n' "$1"
	shift
	local d
	for d in "$@"; do
		printf '       %s\n' "$d"
	done
}

# note TEXT: an observation that is not counted (outside the brief's contract).
note() {
	printf 'note - %s\n' "$*"
}

# check DESC CMD...: passes when CMD exits 0.
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc" "command failed: $*"; fi
}

# assert_eq ACTUAL EXPECTED DESC
assert_eq() {
	if [[ "$1" == "$2" ]]; then pass "$3"; else fail "$3" "expected: $2" "actual:   $1"; fi
}

# assert_match ACTUAL ERE DESC
assert_match() {
	if [[ "$1" =~ $2 ]]; then pass "$3"; else fail "$3" "expected to match: $2" "actual: $1"; fi
}

# --- last response ------------------------------------------------------------------------------
body_excerpt() {
	if [[ "$STATUS" == 000 ]]; then
		printf '(no HTTP response; curl exit %s: %s)' "$CURL_RC" "$(tr '\n' ' ' <"$CURL_ERR" 2>/dev/null)"
		return 0
	fi
	head -c 300 "$RBODY" 2>/dev/null | tr '\n' ' '
}

# last_req: "N METHOD PATH -> STATUS" of the last request; last_what: "METHOD PATH".
last_req() {
	awk -v n="$REQN" '$1 == n' "$ROOT/requests.log" | tail -n 1
}
last_what() {
	last_req | sed -e 's/^[0-9]* //' -e 's/ -> [0-9]*$//'
}

# header NAME: value of a response header in the last response (last occurrence), CR stripped.
header() {
	grep -i "^$1:" "$RHDR" 2>/dev/null | tail -n 1 | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/\r$//' || true
}

# assert_status EXPECTED [DESC]: EXPECTED may be an alternation like "404|400".
assert_status() {
	local desc=${2:-"$(last_what) -> $1"}
	if [[ "$STATUS" =~ ^($1)$ ]]; then
		pass "$desc"
	else
		fail "$desc" "request: $(last_req)" "status: $STATUS (expected $1)" "body: $(body_excerpt)"
	fi
}

# assert_header NAME ERE [DESC] (case-insensitive match on the value)
assert_header() {
	local v
	v=$(header "$1")
	local desc=${3:-"$(last_what): header $1 ~ $2"}
	if [[ -n "$v" ]] && grep -qiE -- "$2" <<<"$v"; then
		pass "$desc"
	else
		fail "$desc" "request: $(last_req)" "$1: ${v:-<absent>}"
	fi
}

# --- JSON (via sqlite3's JSON1) -----------------------------------------------------------------
_sqlq() { printf "%s" "${1//\'/\'\'}"; }

# json_valid [FILE]: 0 when FILE (default: last body) is valid JSON.
json_valid() {
	local f=${1:-$RBODY} r
	[[ -s "$f" ]] || return 1
	r=$(sqlite3 :memory: "select json_valid(cast(readfile('$(_sqlq "$f")') as text));" 2>/dev/null) || return 1
	[[ "$r" == 1 ]]
}

# json_get PATH [FILE]: value at a JSON path ("$.account.id"); text for strings, 1/0 for booleans,
# JSON text for objects/arrays, empty for null/absent/invalid.
json_get() {
	local f=${2:-$RBODY}
	sqlite3 :memory: "select json_extract(cast(readfile('$(_sqlq "$f")') as text), '$(_sqlq "$1")');" 2>/dev/null || true
}

# json_type PATH [FILE]: null|true|false|integer|real|text|array|object, empty when absent.
json_type() {
	local f=${2:-$RBODY}
	sqlite3 :memory: "select json_type(cast(readfile('$(_sqlq "$f")') as text), '$(_sqlq "$1")');" 2>/dev/null || true
}

# json_sql SQL [FILE]: runs SQL where the JSON text is available as the table j(doc).
json_sql() {
	local f=${2:-$RBODY}
	sqlite3 :memory: "create temp view j as select cast(readfile('$(_sqlq "$f")') as text) as doc; $1" 2>/dev/null || true
}

# assert_json PATH EXPECTED [DESC]: compares json_get PATH (booleans: use true/false) of last body.
assert_json() {
	local p=$1 want=$2 got t
	local desc=${3:-"$(last_what): $p == $want"}
	t=$(json_type "$p")
	case "$t" in
	true | false) got=$t ;;
	*) got=$(json_get "$p") ;;
	esac
	if [[ "$got" == "$want" ]]; then
		pass "$desc"
	else
		fail "$desc" "request: $(last_req)" "$p: ${got:-<absent>} (type ${t:-none})" "body: $(body_excerpt)"
	fi
}

# assert_json_type PATH TYPE [DESC]
assert_json_type() {
	local t
	t=$(json_type "$1")
	local desc=${3:-"$(last_what): $1 is $2"}
	if [[ "$t" =~ ^($2)$ ]]; then pass "$desc"; else fail "$desc" "type: ${t:-absent}" "body: $(body_excerpt)"; fi
}

# assert_error STATUS CODE [FIELD] [DESC]: status, JSON content type, {"error":CODE,"message":non-empty
# [, "field":FIELD]}. CODE may be "" to accept any code. One counted check.
assert_error() {
	local want_status=$1 want_code=$2 want_field=${3:-} problems=() ct code msg field
	local desc=${4:-"$(last_what) -> $want_status ${want_code:-*}${want_field:+ field=$want_field}"}
	[[ "$STATUS" =~ ^($want_status)$ ]] || problems+=("status $STATUS, expected $want_status")
	ct=$(header Content-Type)
	[[ "$ct" =~ ^application/json ]] || problems+=("Content-Type '${ct:-<absent>}', expected application/json")
	if json_valid; then
		code=$(json_get '$.error')
		msg=$(json_get '$.message')
		field=$(json_get '$.field')
		if [[ -n "$want_code" && "$code" != "$want_code" ]]; then
			problems+=("error '${code:-<absent>}', expected '$want_code'")
		elif [[ -z "$code" ]]; then
			problems+=("no \"error\" member")
		fi
		[[ -n "$msg" ]] || problems+=("empty or absent \"message\"")
		if [[ -n "$want_field" && "$field" != "$want_field" ]]; then
			problems+=("field '${field:-<absent>}', expected '$want_field'")
		fi
	else
		problems+=("body is not JSON: $(body_excerpt)")
	fi
	if ((${#problems[@]} == 0)); then
		pass "$desc"
	else
		fail "$desc" "request: $(last_req)" "${problems[@]}" "body: $(body_excerpt)"
	fi
}

# --- HTTP ---------------------------------------------------------------------------------------
# use_jar NAME: switch the cookie jar (one jar = one browser).
use_jar() {
	JAR=$ROOT/jar.$1
}

# req METHOD PATH [CURL_ARGS...]: one request with the current jar. Sets STATUS ("000" when no
# HTTP response came back), RBODY, RHDR, CURL_RC, CURL_ERR. Never fails the script.
req() {
	local method=$1 path=$2
	shift 2
	REQN=$((REQN + 1))
	RBODY=$ROOT/resp/$REQN.body
	RHDR=$ROOT/resp/$REQN.hdr
	CURL_ERR=$ROOT/resp/$REQN.err
	local args=(-sS --path-as-is --max-time "${CURL_MAX_TIME:-15}" -o "$RBODY" -D "$RHDR"
		-w '%{http_code}' -b "$JAR" -c "$JAR")
	if [[ "$method" == HEAD ]]; then args+=(-I); else args+=(-X "$method"); fi
	[[ -n "$ACCEPT_LANG" ]] && args+=(-H "Accept-Language: $ACCEPT_LANG")
	: >"$RBODY"
	: >"$RHDR"
	CURL_RC=0
	STATUS=$(curl "${args[@]}" "$@" "$BASE$path" 2>"$CURL_ERR") || CURL_RC=$?
	[[ -n "$STATUS" ]] || STATUS=000
	printf '%s %s %s -> %s\n' "$REQN" "$method" "$path" "$STATUS" >>"$ROOT/requests.log"
	return 0
}

# req_json METHOD PATH JSON [CURL_ARGS...]: JSON body with the CSRF token from the jar.
req_json() {
	local method=$1 path=$2 body=$3
	shift 3
	req "$method" "$path" -H 'Content-Type: application/json' -H "X-CSRF-Token: $(csrf_token)" \
		--data-binary "$body" "$@"
}

# req_csrf METHOD PATH [CURL_ARGS...]: bodiless state-changing request with the CSRF token.
req_csrf() {
	local method=$1 path=$2
	shift 2
	req "$method" "$path" -H "X-CSRF-Token: $(csrf_token)" "$@"
}

# cookie_value NAME [JAR]: the cookie's value in a curl jar (HttpOnly cookies included), or "".
cookie_value() {
	local jar=${2:-$JAR}
	[[ -f "$jar" ]] || return 0
	awk -F '\t' -v n="$1" 'NF >= 7 && $6 == n { v = $7 } END { if (v != "") print v }' "$jar"
}

# csrf_token: the ujikom_csrf cookie of the current jar; fetches GET /api/session when absent.
csrf_token() {
	local t
	t=$(cookie_value ujikom_csrf)
	if [[ -z "$t" ]]; then
		curl -sS --max-time 10 -o /dev/null -b "$JAR" -c "$JAR" "$BASE/api/session" 2>/dev/null || true
		t=$(cookie_value ujikom_csrf)
	fi
	printf '%s' "$t"
}

# login EMAIL PASSWORD: signs the current jar in (POST /api/session). Leaves the response as the
# last one; returns 0 on 200.
login() {
	req GET /api/session
	req_json POST /api/session "{\"email\":\"$1\",\"password\":\"$2\"}"
	[[ "$STATUS" == 200 ]]
}

# login_as admin|asesi|asesor [JARNAME]: fresh jar signed in as a demo account; counted check.
login_as() {
	local who=$1 email
	use_jar "${2:-$1}"
	rm -f "$JAR"
	case "$who" in
	admin) email=$DEMO_ADMIN ;;
	asesi) email=$DEMO_ASESI ;;
	asesor) email=$DEMO_ASESOR ;;
	*) email=$who ;;
	esac
	if login "$email" "$DEMO_PASSWORD"; then
		pass "login as $email"
	else
		fail "login as $email" "status: $STATUS" "body: $(body_excerpt)"
		return 1
	fi
}

# --- database -----------------------------------------------------------------------------------
# db_query SQL: runs SQL on the live database (read-only use). Prints "ERROR: ..." on failure.
db_query() {
	local out
	if out=$(sqlite3 -cmd '.timeout 5000' "$DATA/ujikom.db" "$1" 2>&1); then
		printf '%s' "$out"
	else
		printf 'ERROR: %s' "$out" | tr '\n' ' '
	fi
}

# db_count TABLE [WHERE]
db_count() {
	db_query "select count(*) from $1${2:+ where $2};"
}

# --- server -------------------------------------------------------------------------------------
# _port_busy PORT: something listens on it, or any socket (client, TIME_WAIT) uses it locally,
# which would also make bind() fail with EADDRINUSE.
_port_busy() {
	local hex
	hex=$(printf ':%04X ' "$1")
	if grep -qF -- "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null; then return 0; fi
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# _pick_port: a free port in 20000-60000, below the kernel's ephemeral range when that leaves room
# (client sockets take ephemeral ports at any moment, and a port they hold cannot be bound).
_pick_port() {
	local p lo=0 hi=60000 eph
	eph=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true)
	read -r lo _ <<<"$eph" || true
	[[ "$lo" =~ ^[0-9]+$ ]] || lo=0
	if ((lo > 21000 && lo <= 60001)); then hi=$((lo - 1)); fi
	for _ in $(seq 1 50); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % (hi - 20000 + 1)))
		if ! _port_busy "$p"; then
			printf '%s' "$p"
			return 0
		fi
	done
	return 1
}

# start_server [EXTRA_SERVE_ARGS...]: starts "ujikom serve --demo" on a free port with $DATA and
# $WEB; waits for GET /healthz (bounded). Exits the test (counted failure) when it cannot start.
start_server() {
	local attempt t deadline code
	if [[ ! -x "$UJIKOM_BIN" ]]; then
		fail "server binary exists" "UJIKOM_BIN=$UJIKOM_BIN is not executable"
		exit 1
	fi
	mkdir -p "$DATA"
	chmod 700 "$DATA"
	for attempt in 1 2 3 4 5; do
		PORT=$(_pick_port) || {
			fail "find a free port"
			exit 1
		}
		BASE=http://127.0.0.1:$PORT
		printf '== start attempt %s on port %s\n' "$attempt" "$PORT" >>"$SERVER_LOG"
		"$UJIKOM_BIN" serve --listen "127.0.0.1:$PORT" --data-dir "$DATA" --web-dir "$WEB" --demo \
			"${SERVER_EXTRA_ARGS[@]}" "$@" >>"$SERVER_OUT" 2>>"$SERVER_LOG" &
		SERVER_PID=$!
		deadline=$((SECONDS + ${UJIKOM_START_TIMEOUT:-15}))
		while ((SECONDS < deadline)); do
			if ! kill -0 "$SERVER_PID" 2>/dev/null; then
				break
			fi
			code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/healthz" 2>/dev/null) || true
			if [[ "$code" == 200 ]]; then
				pass "server started on 127.0.0.1:$PORT (GET /healthz 200)"
				return 0
			fi
			sleep 0.1
		done
		if kill -0 "$SERVER_PID" 2>/dev/null; then
			fail "server answers GET /healthz within ${UJIKOM_START_TIMEOUT:-15} s" "last status: ${code:-none}"
			kill -KILL "$SERVER_PID" 2>/dev/null || true
			wait "$SERVER_PID" 2>/dev/null || true
			SERVER_PID=
			exit 1
		fi
		t=0
		wait "$SERVER_PID" 2>/dev/null || t=$?
		SERVER_PID=
		if awk '/^== start attempt/ { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' "$SERVER_LOG" |
			grep -qiE 'bind|in use|EADDRINUSE|cannot listen'; then
			# Port taken between the check and the bind: try another. Sanitizer reports of this
			# attempt are shown as a note, not counted (check_sanitizers skips failed attempts).
			printf '== attempt %s failed to bind\n' "$attempt" >>"$SERVER_LOG"
			if _log_segments failed | grep -q 'Sanitizer'; then
				note "the server leaks or errs when it cannot bind (sanitizer report on attempt $attempt):"
				_log_segments failed | grep -E 'Sanitizer|#[0-9]+ ' | head -n 6 | sed 's/^/       /'
			fi
			continue
		fi
		fail "server starts" "exited with status $t before answering /healthz"
		exit 1
	done
	fail "server starts" "no free port after 5 attempts"
	exit 1
}

# stop_server: SIGTERM, wait (bounded); counted check that it exited 0. Safe to call twice; never
# aborts the script (the failure is counted).
stop_server() {
	local deadline rc=0
	[[ -n "$SERVER_PID" ]] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	deadline=$((SECONDS + ${UJIKOM_STOP_TIMEOUT:-10}))
	while kill -0 "$SERVER_PID" 2>/dev/null && ((SECONDS < deadline)); do
		sleep 0.1
	done
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		fail "server stops within ${UJIKOM_STOP_TIMEOUT:-10} s of SIGTERM" "killed with SIGKILL"
		kill -KILL "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
		return 0
	fi
	wait "$SERVER_PID" 2>/dev/null || rc=$?
	SERVER_PID=
	if ((rc == 0)); then
		pass "server exits 0 after SIGTERM"
	else
		fail "server exits 0 after SIGTERM" "exit status $rc"
	fi
}

# ledger_verify: counted check that "ujikom ledger verify" accepts the data dir.
ledger_verify() {
	local out rc=0
	[[ -f "$DATA/ujikom.db" ]] || return 0
	out=$("$UJIKOM_BIN" ledger verify --data-dir "$DATA" 2>&1) || rc=$?
	if ((rc == 0)); then
		pass "ledger verify exits 0"
	else
		fail "ledger verify exits 0" "exit status $rc" "$(tail -n 5 <<<"$out")"
	fi
}

# check_no_5xx: counted check over every request made so far.
check_no_5xx() {
	local bad
	local -a bad
	mapfile -t bad < <(awk '$NF ~ /^5/' "$ROOT/requests.log")
	if ((${#bad[@]} == 0)); then
		pass "no 5xx among $REQN responses"
	else
		fail "no 5xx responses" "${bad[@]}"
	fi
}

# check_security_headers: counted check that every response captured so far (resp/*.hdr) carries
# CSP with default-src 'self', X-Content-Type-Options nosniff, Referrer-Policy and frame protection
# (X-Frame-Options DENY or CSP frame-ancestors).
check_security_headers() {
	local h id what csp n=0
	local -a missing=() prob
	for h in "$ROOT"/resp/*.hdr; do
		[[ -s "$h" ]] || continue
		n=$((n + 1))
		id=$(basename "$h" .hdr)
		what=$(awk -v id="$id" '$1 == id' "$ROOT/requests.log")
		csp=$(grep -i '^content-security-policy:' "$h" | tail -n 1 | tr -d '\r' || true)
		prob=()
		grep -qi "default-src 'self'" <<<"$csp" || prob+=("CSP default-src 'self'")
		grep -qiE '^x-content-type-options:[[:space:]]*nosniff' "$h" || prob+=("X-Content-Type-Options")
		grep -qiE '^referrer-policy:' "$h" || prob+=("Referrer-Policy")
		if ! grep -qiE '^x-frame-options:[[:space:]]*deny' "$h" && ! grep -qi 'frame-ancestors' <<<"$csp"; then
			prob+=("X-Frame-Options/frame-ancestors")
		fi
		if ((${#prob[@]})); then missing+=("${what:-#$id}: missing ${prob[*]}"); fi
	done
	((n > 0)) || return 0
	if ((${#missing[@]} == 0)); then
		pass "security headers (CSP default-src 'self', nosniff, Referrer-Policy, frame protection) on all $n responses"
	else
		fail "security headers on every response (${#missing[@]} of $n lack some)" "${missing[@]}"
	fi
}

# _log_segments ok|failed: server stderr of the start attempts that ran (ok) or failed to bind.
_log_segments() {
	awk -v want="$1" '
		function flush() { if ((want == "failed") == bad) printf "%s", seg; seg = ""; bad = 0 }
		/^== start attempt/ { flush() }
		/^== attempt [0-9]+ failed to bind/ { bad = 1 }
		{ seg = seg $0 "\n" }
		END { flush() }' "$SERVER_LOG" 2>/dev/null
}

# check_sanitizers: counted check that the server log (of the runs that started) has no ASan, UBSan
# or LSan report.
check_sanitizers() {
	local hit
	hit=$(_log_segments ok | grep -m 3 -E 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' || true)
	if [[ -z "$hit" ]]; then pass "no sanitizer reports in the server log"; else fail "no sanitizer reports in the server log" "$hit"; fi
}

_lib_on_err() {
	printf 'ERROR: command failed at %s line %s: %s\n' "${BASH_SOURCE[1]:-?}" "$1" "$2" >&2
}

_lib_on_exit() {
	local rc=$?
	set +e
	trap - ERR
	if ((rc != 0)); then
		fail "test script ran to the end" "aborted with status $rc (see ERROR above)"
	fi
	if ((REQN > 0)); then
		check_no_5xx
		check_security_headers
	fi
	stop_server
	ledger_verify
	if [[ -s "$SERVER_LOG" ]]; then check_sanitizers; fi
	if ((FAIL > 0)); then
		if _log_segments ok | grep -q 'Sanitizer'; then
			printf -- '--- sanitizer report (head) ---\n'
			_log_segments ok | awk '/ERROR: .*Sanitizer|runtime error:/ { p = 1 } p' | head -n 60
		fi
		printf -- '--- server stderr (tail) ---\n'
		tail -n 40 "$SERVER_LOG" 2>/dev/null
		printf -- '--- server stdout (tail) ---\n'
		tail -n 20 "$SERVER_OUT" 2>/dev/null
		printf -- '--- (set UJIKOM_KEEP=1 to keep the temp dir for inspection)\n'
	fi
	if [[ -z "${UJIKOM_KEEP:-}" ]]; then
		rm -rf "$ROOT"
	else
		printf 'kept %s\n' "$ROOT"
	fi
	printf '%s passed, %s failed\n' "$PASS" "$FAIL"
	if ((FAIL > 0)); then exit 1; fi
	exit 0
}

set -E
trap '_lib_on_err $LINENO "$BASH_COMMAND"' ERR
trap _lib_on_exit EXIT
