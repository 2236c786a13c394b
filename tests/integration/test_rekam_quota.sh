#!/usr/bin/env bash
# Storage limits of the recording ingest (modules/assessment, asm_quota.c): quota, per-recording
# maximum, open connections, rate limit and the free-disk reserve against the real binary; the
# checks are in ws/rekam-quota.mjs (node + the "ws" package from tests/browser, sqlite3).
# As root, where mount namespaces work, the free-disk part fills a real 64 MiB tmpfs mounted in a
# private mount namespace (gone when the test ends); otherwise it uses a reserve larger than the
# free disk.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! [[ -d "$here/../browser/node_modules/ws" ]]; then
	echo "FAIL - the ws package is installed (run npm ci in tests/browser)"
	exit 1
fi
if [[ $(id -u) == 0 ]] && unshare -m true 2>/dev/null; then
	mnt=$(mktemp -d /tmp/ujikom-quota-XXXXXX)
	trap 'rmdir "$mnt" 2>/dev/null || true' EXIT
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m bash -c 'mount -t tmpfs -o size=64m,mode=0700 ujikom-quota "$1" && UJIKOM_QUOTA_TMPFS="$1" exec node "$2"' \
		_ "$mnt" "$here/ws/rekam-quota.mjs"
else
	exec node "$here/ws/rekam-quota.mjs"
fi
