#!/usr/bin/env bash
# HTTP benchmark on loopback: ujikom against nginx serving the same static bytes, measured in the
# same run on the same machine (design.md section 6). Prints figures and ratios; asserts nothing.
#
#   tests/bench/http.sh            (needs ./deploy/install-deps --bench: wrk, nginx-light)
#
# Targets (wrk, 2 threads, 64 connections, BENCH_SECONDS=10 s each, --latency):
#   ujikom GET /healthz
#   ujikom GET /api/session as the signed-in demo admin (authenticated JSON read)
#   ujikom GET /bench-1k.txt (a 1 KiB file written into a temp copy of web/)
#   nginx  GET /bench-1k.txt (nginx-light, 1 worker, access_log off, same temp web/ copy)
# Everything runs on 127.0.0.1; every process and temp file is removed on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
top=$(pwd)
secs=${BENCH_SECONDS:-10}
threads=2
conns=64

for t in wrk nginx curl cmake; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "http.sh: '$t' not found; run ./deploy/install-deps --bench" >&2
		exit 1
	}
done

tmp=$(mktemp -d /tmp/ujikom-bench.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# free_port: a TCP port on 127.0.0.1 nobody listens on now.
free_port() {
	local p _
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "http.sh: no free port found" >&2
	return 1
}

# wait_http URL SECONDS: polls until URL answers with any HTTP status.
wait_http() {
	local _
	for _ in $(seq 1 $(($2 * 10))); do
		if curl -s -o /dev/null --max-time 1 "$1"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# Release build (no-op when up to date).
if [ ! -f build/release/CMakeCache.txt ]; then
	log "cmake --preset release"
	cmake --preset release >/dev/null
fi
log "cmake --build --preset release -j2"
cmake --build --preset release -j2 >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log" >&2
	exit 1
}
bin=$top/build/release/ujikom

# A temp copy of web/ with a fixed 1 KiB static file; readable by nginx's worker user.
cp -r "$top/web" "$tmp/web"
head -c 1024 /dev/zero | tr '\0' 'u' >"$tmp/web/bench-1k.txt"
chmod -R a+rX "$tmp"

uport=$(free_port)
nport=$(free_port)
while [ "$nport" = "$uport" ]; do nport=$(free_port); done
ubase=http://127.0.0.1:$uport
nbase=http://127.0.0.1:$nport

log "starting ujikom on $ubase"
"$bin" serve --listen "127.0.0.1:$uport" --data-dir "$tmp/data" --demo --web-dir "$tmp/web" \
	--access-log 0 >"$tmp/ujikom.log" 2>&1 &
pids+=($!)
if ! wait_http "$ubase/healthz" 30; then
	echo "http.sh: ujikom did not answer on $ubase/healthz; its log:" >&2
	cat "$tmp/ujikom.log" >&2
	exit 1
fi

mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/web;
	}
}
EOF
log "starting nginx on $nbase"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" 2>"$tmp/nginx/stderr.log" &
pids+=($!)
if ! wait_http "$nbase/bench-1k.txt" 10; then
	echo "http.sh: nginx did not start; its log:" >&2
	cat "$tmp/nginx/stderr.log" "$tmp/nginx/error.log" >&2 2>/dev/null || true
	exit 1
fi

# Sign in as the demo admin: GET /api/session sets the CSRF cookie, the POST echoes it.
jar=$tmp/cookies.txt
curl -s -o /dev/null -c "$jar" -b "$jar" "$ubase/api/session" || true
csrf=$(awk '$6 == "ujikom_csrf" {print $7}' "$jar" 2>/dev/null | tail -n 1)
code=$(curl -s -o "$tmp/login.json" -w '%{http_code}' -c "$jar" -b "$jar" \
	-H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" -H "Origin: $ubase" \
	--data '{"email":"admin@demo.ujikom.id","password":"Demo-Ujikom-2026"}' \
	"$ubase/api/session" || true)
sid=$(awk '$6 == "ujikom_sid" {print $7}' "$jar" 2>/dev/null | tail -n 1)
csrf=$(awk '$6 == "ujikom_csrf" {print $7}' "$jar" 2>/dev/null | tail -n 1)
cookie=""
if [ "$code" = 200 ] && [ -n "$sid" ]; then
	cookie="ujikom_sid=$sid; ujikom_csrf=$csrf"
	check=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$ubase/api/session")
	log "signed in as the demo admin (GET /api/session with the cookie: $check)"
else
	log "sign-in failed (HTTP $code: $(head -c 300 "$tmp/login.json" 2>/dev/null)); skipping that row"
fi

# run_wrk NAME URL [HEADER]: one wrk run; appends "name|req/s|p99|non2xx|errors" to results.
results=()
run_wrk() {
	local name=$1 url=$2 out rps p99 non2xx errs
	local args=(-t"$threads" -c"$conns" -d"${secs}s" --latency --timeout 5s)
	[ $# -ge 3 ] && args+=(-H "$3")
	log "wrk ${args[*]//Cookie: */Cookie: ...} $url"
	out=$(timeout $((secs + 30)) wrk "${args[@]}" "$url" 2>&1) || true
	printf '%s\n' "$out" >"$tmp/wrk-${#results[@]}.log"
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
	errs=$(awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}' <<<"$out")
	results+=("$name|${rps:-n/a}|${p99:-n/a}|${non2xx:-0}|${errs:-none}")
}

run_wrk "ujikom GET /healthz" "$ubase/healthz"
if [ -n "$cookie" ]; then
	run_wrk "ujikom GET /api/session (signed in)" "$ubase/api/session" "Cookie: $cookie"
fi
run_wrk "ujikom GET /bench-1k.txt (static)" "$ubase/bench-1k.txt"
run_wrk "nginx GET /bench-1k.txt (static, 1 worker)" "$nbase/bench-1k.txt"

ref=$(cut -d'|' -f2 <<<"${results[-1]}")
echo
echo "HTTP on 127.0.0.1, $(nproc) cores, wrk -t$threads -c$conns -d${secs}s --latency" \
	"($(date -u +%Y-%m-%d), $(nginx -v 2>&1 | sed 's/.*: //'))"
echo
printf '| %-42s | %10s | %9s | %8s | %s |\n' target 'req/s' p99 'vs nginx' 'non-2xx / socket errors'
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..44})" "$(printf -- '-%.0s' {1..10})-:" \
	"$(printf -- '-%.0s' {1..9})-:" "$(printf -- '-%.0s' {1..8})-:" "$(printf -- '-%.0s' {1..25})"
for r in "${results[@]}"; do
	IFS='|' read -r name rps p99 non2xx errs <<<"$r"
	ratio=$(awk -v a="$rps" -v b="$ref" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')
	printf '| %-42s | %10s | %9s | %8s | %-23s |\n' "$name" "$rps" "$p99" "$ratio" "$non2xx / $errs"
done
