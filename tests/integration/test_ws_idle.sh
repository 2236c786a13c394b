#!/usr/bin/env bash
# 1,000 idle WebSockets on /ws/echo: all open, all answer a ping, /metrics counts them; prints the
# server's RSS per connection (a figure, not an assertion). WS_IDLE_N overrides the count.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
WS_JS=$(dirname "$0")/ws/ws_client.mjs
N=${WS_IDLE_N:-1000}

if ! [[ -d "$UJIKOM_SOURCE_DIR/tests/browser/node_modules/ws" ]]; then
	fail "the ws package is installed" "run npm ci in tests/browser"
	exit 1
fi
# one descriptor per connection on each side, plus the usual
if (($(ulimit -n) < N + 256)); then ulimit -n $((N + 256)) 2>/dev/null || true; fi
if (($(ulimit -n) < N + 256)); then
	note "ulimit -n is $(ulimit -n): testing $(($(ulimit -n) - 256)) connections"
	N=$(($(ulimit -n) - 256))
fi

start_server
login_as asesi
SID_ASESI=$(cookie_value ujikom_sid)

out=$ROOT/ws-idle.out
rc=0
BASE=$BASE SID_ASESI=$SID_ASESI SERVER_PID=$SERVER_PID node "$WS_JS" idle "$N" >"$out" 2>&1 || rc=$?
cat "$out"
PASS=$((PASS + $(grep -c '^ok ' "$out" || true)))
FAIL=$((FAIL + $(grep -c '^FAIL ' "$out" || true)))
((rc == 0)) || grep -q '^FAIL ' "$out" || fail "node client (idle) exits 0" "exit status $rc"
