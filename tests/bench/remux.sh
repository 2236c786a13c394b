#!/usr/bin/env bash
# Remux benchmark (not a test): our media_remux_webm against `ffmpeg -c copy` on the same
# MediaRecorder-like WebM, measured in the same run on the same machine (design.md section 6).
# Prints figures and ratios; asserts nothing.
#
#   tests/bench/remux.sh           (needs ffmpeg: ./deploy/install-deps --test)
#
# Environment:
#   BENCH_MINUTES=60        length of the generated recording (320x240 15 fps VP8 ~450 kbit/s +
#                           Opus 48 kbit/s, live WebM: no Duration, no Cues, 1 s clusters)
#   BENCH_INPUT=FILE        use this raw WebM instead of generating one
#   BENCH_RUNS=3            runs per target; the median is reported
#   BENCH_BUILD_DIR=DIR     build directory (default build/release, release preset)
# Targets:
#   ujikom media_remux_webm in-process (bench_remux): remux + SHA-256 of input and output + fsync
#     + rename + directory fsync, the whole evidence step
#   ujikom bench_remux process wall time (adds loading the libraries)
#   ffmpeg -c copy (the reference), and ffmpeg -c copy + sha256sum of both files + sync (the same
#     work as ours)
# The generated file and all outputs live in a temp directory removed on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
top=$(pwd)
minutes=${BENCH_MINUTES:-60}
runs=${BENCH_RUNS:-3}
bdir=${BENCH_BUILD_DIR:-build/release}

for t in ffmpeg ffprobe sha256sum cmake; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "remux.sh: '$t' not found; run ./deploy/install-deps --test" >&2
		exit 1
	}
done

tmp=$(mktemp -d /tmp/ujikom-bench-remux.XXXXXX)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# median of the arguments (numbers)
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Release build of the benchmark program (no-op when up to date).
if [ ! -f "$bdir/CMakeCache.txt" ]; then
	log "cmake --preset release -B $bdir"
	cmake --preset release -B "$bdir" >/dev/null
fi
log "cmake --build $bdir --target bench_remux"
cmake --build "$bdir" -j2 --target bench_remux >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log" >&2
	exit 1
}
bench=$top/$bdir/tests/bench_remux
[ -x "$bench" ] || bench=$bdir/tests/bench_remux

raw=${BENCH_INPUT:-$tmp/raw.webm}
if [ -z "${BENCH_INPUT:-}" ]; then
	log "generating a ${minutes}-minute live WebM (takes about 2 s per minute on 2 cores)"
	t0=$(now_ms)
	ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=15 \
		-f lavfi -i sine=frequency=440:sample_rate=48000 -t $((minutes * 60)) \
		-c:v libvpx -deadline realtime -cpu-used 8 -b:v 450k -c:a libopus -b:a 48k \
		-f webm -live 1 -cluster_time_limit 1000 "$raw"
	log "generated in $(($(now_ms) - t0)) ms"
fi
raw_dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$raw")
raw_bytes=$(stat -c %s "$raw")
log "input: $raw_bytes bytes, ffprobe duration $raw_dur (a raw MediaRecorder file says N/A)"
cat "$raw" >/dev/null # page cache warm for every target alike

ours_out=$tmp/ours.webm
ff_out=$tmp/ffmpeg.webm

log "ujikom bench_remux, $runs runs in one process"
"$bench" "$raw" "$ours_out" "$runs" >"$tmp/ours.txt"
summary=$(grep '^median_ms=' "$tmp/ours.txt")
ours_ms=$(sed 's/^median_ms=\([0-9.]*\).*/\1/' <<<"$summary")

log "ujikom bench_remux, $runs process runs"
proc=()
for _ in $(seq 1 "$runs"); do
	t0=$(now_ms)
	"$bench" "$raw" "$ours_out" 1 >/dev/null
	proc+=($(($(now_ms) - t0)))
done
proc_ms=$(median "${proc[@]}")

log "ffmpeg -c copy, $runs runs"
ff=()
for _ in $(seq 1 "$runs"); do
	rm -f "$ff_out"
	t0=$(now_ms)
	ffmpeg -nostdin -v error -y -i "$raw" -c copy "$ff_out"
	ff+=($(($(now_ms) - t0)))
done
ff_ms=$(median "${ff[@]}")

log "ffmpeg -c copy + sha256sum of input and output + sync, $runs runs"
ffs=()
for _ in $(seq 1 "$runs"); do
	rm -f "$ff_out"
	t0=$(now_ms)
	ffmpeg -nostdin -v error -y -i "$raw" -c copy "$ff_out"
	sha256sum "$raw" "$ff_out" >/dev/null
	sync -f "$ff_out"
	ffs+=($(($(now_ms) - t0)))
done
ffs_ms=$(median "${ffs[@]}")

ours_dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ours_out")
ff_dur=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$ff_out")
ours_bytes=$(stat -c %s "$ours_out")
ff_bytes=$(stat -c %s "$ff_out")
mb=$(awk -v b="$raw_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

echo
echo "Remux of a ${mb} MB live WebM ($(awk -v d="$ours_dur" 'BEGIN { printf "%.0f", d }') s," \
	"VP8 320x240 + Opus), $(nproc) cores, median of $runs runs ($(date -u +%Y-%m-%d)," \
	"$(ffmpeg -version | head -n 1 | awk '{ print $1, $3 }'))"
echo
printf '| %-62s | %9s | %8s | %10s | %9s |\n' target 'ms' 'MB/s' 'vs ffmpeg' 'realtime'
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "$(printf -- '-%.0s' {1..10})-:" \
	"$(printf -- '-%.0s' {1..9})-:" "$(printf -- '-%.0s' {1..11})-:" "$(printf -- '-%.0s' {1..10})-:"
row() {
	awk -v n="$1" -v ms="$2" -v ref="$ff_ms" -v b="$raw_bytes" -v d="$ours_dur" 'BEGIN {
		printf "| %-62s | %9.0f | %8.0f | %10.2f | %8.0fx |\n", n, ms, b / 1e3 / ms,
			ref / ms, d * 1e3 / ms }'
}
row "ujikom media_remux_webm in-process (remux+SHA-256 x2+fsync)" "$ours_ms"
row "ujikom bench_remux process (adds library loading)" "$proc_ms"
row "ffmpeg -c copy" "$ff_ms"
row "ffmpeg -c copy + sha256sum in/out + sync" "$ffs_ms"
echo
echo "vs ffmpeg > 1 means faster than ffmpeg -c copy. Outputs: ujikom $ours_bytes bytes, duration" \
	"$ours_dur s; ffmpeg $ff_bytes bytes, duration $ff_dur s."
echo "ujikom: $summary"
