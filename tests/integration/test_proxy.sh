#!/usr/bin/env bash
# Behind nginx on the same host (trust_proxy): the client address comes from X-Real-IP and the
# scheme from X-Forwarded-Proto, so sign-in throttling sees real clients, /metrics is not open to
# every proxied client, and cookies get Secure. Without trust_proxy the headers are ignored.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start_server --trust-proxy 1

req GET /metrics
assert_status 200 "/metrics from loopback itself -> 200"
req GET /metrics -H 'X-Real-IP: 203.0.113.7'
assert_error 401 unauthenticated "" "/metrics for a proxied remote client -> 401"
use_jar proto # a fresh client: the server issues its CSRF cookie
req GET /api/nope -H 'X-Forwarded-Proto: https'
if grep -qi '^set-cookie:.*; Secure' "$RHDR"; then
	pass "X-Forwarded-Proto: https -> Secure cookies"
else
	fail "X-Forwarded-Proto: https -> Secure cookies" "$(grep -i '^set-cookie' "$RHDR" || true)"
fi
use_jar main
req GET /metrics -H 'X-Real-IP: not-an-address'
assert_status 200 "a malformed X-Real-IP is ignored (the peer address stays)"

# Failed sign-ins counted per real client address: the lock row names the proxied address.
for _ in 1 2; do
	req_json POST /api/session '{"email":"nobody@example.id","password":"Salah-Sandi-123"}' \
		-H 'X-Real-IP: 198.51.100.23'
done
n=$(db_count login_throttle "key = 'ip:198.51.100.23'")
assert_eq 1 "$n" "failed sign-ins are keyed by the X-Real-IP address"

stop_server
start_server
req GET /metrics -H 'X-Real-IP: 203.0.113.7'
assert_status 200 "without trust_proxy X-Real-IP is ignored (loopback peer)"

