#!/usr/bin/env bash
# Recording ingest of modules/assessment (/ws/rekam) against the real binary, with a SIGKILL in the
# middle of a recording: the checks are in ws/rekam.mjs (node + the "ws" package from
# tests/browser; ffmpeg and ffprobe from deploy/install-deps --test).
set -euo pipefail
here=$(dirname "$0")
if ! [[ -d "$here/../browser/node_modules/ws" ]]; then
	echo "FAIL - the ws package is installed (run npm ci in tests/browser)"
	exit 1
fi
exec node "$here/ws/rekam.mjs"
