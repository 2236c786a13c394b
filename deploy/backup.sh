#!/usr/bin/env bash
# Online backup of the ujikom database: `ujikom backup DEST` (SQLite backup API, consistent while
# the server runs), then `PRAGMA integrity_check` on the copy, then pruning of old copies.
#
#   deploy/backup.sh [--config FILE] [--bin PATH] [--keep N] DIR
#
# Writes DIR/ujikom-YYYYmmddTHHMMSSZ.db (mode 0600), prints its path, keeps the newest N copies
# (default 14). Exits non-zero when the backup fails (the partial copy is removed) or the check
# fails (the copy is kept as *.db.corrupt for inspection).
# Uploaded files (evidence, recordings) live in data_dir beside the database and are not in this
# copy: sync them separately (they are content-addressed and never change once written), e.g.
#   rsync -a /var/lib/ujikom/blobs/ backup-host:/srv/ujikom-blobs/
# Daily, as the service user (install this script as /usr/local/bin/ujikom-backup), in
# /etc/cron.d/ujikom:  15 2 * * * ujikom /usr/local/bin/ujikom-backup /var/backups/ujikom
set -euo pipefail

config=/etc/ujikom/ujikom.conf
bin=$(command -v ujikom || echo /usr/local/bin/ujikom)
keep=14
dir=""
while [ $# -gt 0 ]; do
	case "$1" in
	--config) config=${2:?--config needs a file}; shift 2 ;;
	--bin) bin=${2:?--bin needs a path}; shift 2 ;;
	--keep) keep=${2:?--keep needs a number}; shift 2 ;;
	-h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "backup.sh: unknown option $1" >&2; exit 2 ;;
	*) [ -z "$dir" ] || { echo "backup.sh: one DIR only" >&2; exit 2; }; dir=$1; shift ;;
	esac
done
[ -n "$dir" ] || { echo "usage: backup.sh [--config FILE] [--bin PATH] [--keep N] DIR" >&2; exit 2; }
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "backup.sh: --keep must be a positive number" >&2; exit 2; }
[ -x "$bin" ] || { echo "backup.sh: ujikom binary not found ($bin); use --bin" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "backup.sh: sqlite3 is not installed" >&2; exit 1; }

umask 077
mkdir -p "$dir"
dest="$dir/ujikom-$(date -u +%Y%m%dT%H%M%SZ).db"
[ ! -e "$dest" ] || { echo "backup.sh: $dest already exists" >&2; exit 1; }

cfg_args=()
[ -f "$config" ] && cfg_args=(--config "$config")
if ! "$bin" backup "${cfg_args[@]}" "$dest"; then
	rm -f "$dest"
	echo "backup.sh: ujikom backup failed" >&2
	exit 1
fi
check=$(sqlite3 "$dest" 'PRAGMA integrity_check' 2>&1 || true)
if [ "$check" != ok ]; then
	echo "backup.sh: integrity check of $dest failed:" >&2
	printf '%s\n' "$check" | head -n 20 >&2
	mv -f "$dest" "$dest.corrupt"
	exit 1
fi
echo "$dest"

# Keep the newest $keep copies (names sort by time).
mapfile -t old < <(ls -1 "$dir"/ujikom-*Z.db 2>/dev/null | sort -r | tail -n +$((keep + 1)))
for f in "${old[@]}"; do
	rm -f -- "$f"
done
