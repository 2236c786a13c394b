#!/usr/bin/env bash
# The live session room of modules/assessment (/ws/sesi) against the real binary: the checks are in
# ws/sesi.mjs (node + the "ws" package from tests/browser), which starts its own server with demo
# data, drives a case to CONSENTED through the API and verifies the ledger at the end.
set -euo pipefail
here=$(dirname "$0")
if ! [[ -d "$here/../browser/node_modules/ws" ]]; then
	echo "FAIL - the ws package is installed (run npm ci in tests/browser)"
	exit 1
fi
exec node "$here/ws/sesi.mjs"
