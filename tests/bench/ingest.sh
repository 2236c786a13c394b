#!/usr/bin/env bash
# Benchmark (not a test): concurrent recording ingest (tests/bench/ingest.mjs) on the release build,
# next to `dd conv=fdatasync` writing the same bytes per second on the same disk in the same run.
# Usage: tests/bench/ingest.sh [STREAMS...]   (default 100 300; INGEST_SECONDS=20)
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target ujikom >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "reference: dd of 100 MB in 125 kB blocks with one fdatasync at the end, and with O_DSYNC per block"
dd if=/dev/zero of="$tmp/dd" bs=125k count=800 conv=fdatasync 2>&1 | tail -n 1
dd if=/dev/zero of="$tmp/dd" bs=125k count=800 oflag=dsync 2>&1 | tail -n 1
UJIKOM_BIN=$PWD/build/release/ujikom UJIKOM_SOURCE_DIR=$PWD node tests/bench/ingest.mjs "$@"
