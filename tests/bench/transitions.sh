#!/usr/bin/env bash
# Benchmark (not a test): certification state changes per second with the ledger on, next to raw
# SQLite single-row inserts on the same database in the same run. Builds the release preset.
# Usage: tests/bench/transitions.sh [loops]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target bench_transitions >/dev/null
UJIKOM_SOURCE_DIR=$PWD ./build/release/tests/bench_transitions "${1:-300}"
