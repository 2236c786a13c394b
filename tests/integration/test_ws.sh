#!/usr/bin/env bash
# WebSocket channels (server/ws) against the real binary, through the diagnostic /ws/echo and
# /ws/echo-ops channels (--demo only): handshake refusals (no session, foreign or missing Origin,
# unknown channel or subprotocol, missing permission, bad query arguments), echo of text and
# binary (fragmented, bigger than the rx buffer), 1009 over max_message, rooms, a worker posting
# to a connection, ping, slow consumer (1008), and 1001 for every WebSocket when the server stops.
# The checks themselves are in ws/ws_client.mjs (node + the "ws" package from tests/browser).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
WS_JS=$(dirname "$0")/ws/ws_client.mjs

# run_ws MODE [ARGS...]: runs the node client, prints its lines and counts its ok/FAIL lines.
run_ws() {
	local out=$ROOT/ws-$1.out rc=0
	BASE=$BASE SID_ASESI=$SID_ASESI SID_ADMIN=$SID_ADMIN SERVER_PID=$SERVER_PID \
		node "$WS_JS" "$@" >"$out" 2>&1 || rc=$?
	cat "$out"
	PASS=$((PASS + $(grep -c '^ok ' "$out" || true)))
	FAIL=$((FAIL + $(grep -c '^FAIL ' "$out" || true)))
	if ((rc != 0)) && ! grep -q '^FAIL ' "$out"; then
		fail "node client ($1) exits 0" "exit status $rc"
	fi
}

if ! [[ -d "$UJIKOM_SOURCE_DIR/tests/browser/node_modules/ws" ]]; then
	fail "the ws package is installed" "run npm ci in tests/browser"
	exit 1
fi

start_server
login_as asesi
SID_ASESI=$(cookie_value ujikom_sid)
login_as admin
SID_ADMIN=$(cookie_value ujikom_sid)

run_ws main

# Stop with WebSockets open: each must get 1001 before the process exits.
out=$ROOT/ws-stop.out
BASE=$BASE SID_ASESI=$SID_ASESI SID_ADMIN=$SID_ADMIN node "$WS_JS" stop >"$out" 2>&1 &
node_pid=$!
for _ in $(seq 1 100); do
	grep -q '^ready' "$out" && break
	sleep 0.1
done
if grep -q '^ready' "$out"; then pass "three WebSockets open before the stop"; else fail "three WebSockets open before the stop" "$(cat "$out")"; fi
stop_server
rc=0
wait "$node_pid" || rc=$?
grep -v '^ready' "$out" || true
PASS=$((PASS + $(grep -c '^ok ' "$out" || true)))
FAIL=$((FAIL + $(grep -c '^FAIL ' "$out" || true)))
((rc == 0)) || grep -q '^FAIL ' "$out" || fail "node client (stop) exits 0" "exit status $rc"
