#!/usr/bin/env bash
# Online backup of the ujikom database: `ujikom backup DEST` (SQLite backup API, consistent while
# the server runs), then `PRAGMA integrity_check` on the copy, then pruning of old copies.
#
#   deploy/backup.sh [--config FILE | --data-dir DIR] [--bin PATH] [--keep N] BACKUP_DIR
#
# --config defaults to /etc/ujikom/ujikom.conf (skipped when absent); --data-dir names the data
# directory instead. Writes BACKUP_DIR/ujikom-YYYYmmddTHHMMSSZ.db (mode 0600), prints its path and
# keeps the newest N copies (default 14). Exits non-zero when the backup fails (the partial copy is
# removed) or the check fails (the copy is kept as *.db.corrupt for inspection).
# Only the database is copied: keep a copy of data_dir/keys/ (the ledger signing key, created at
# first start) somewhere safe once, and of any other files the server keeps under data_dir.
# Daily, as the service user (with this script installed as /usr/local/bin/ujikom-backup), in
# /etc/cron.d/ujikom:  15 2 * * * ujikom /usr/local/bin/ujikom-backup /var/backups/ujikom
set -euo pipefail

config=/etc/ujikom/ujikom.conf
data_dir=""
bin=$(command -v ujikom || echo /usr/local/bin/ujikom)
keep=14
dir=""
while [ $# -gt 0 ]; do
	case "$1" in
	--config) config=${2:?--config needs a file}; shift 2 ;;
	--data-dir) data_dir=${2:?--data-dir needs a directory}; shift 2 ;;
	--bin) bin=${2:?--bin needs a path}; shift 2 ;;
	--keep) keep=${2:?--keep needs a number}; shift 2 ;;
	-h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "backup.sh: unknown option $1" >&2; exit 2 ;;
	*) [ -z "$dir" ] || { echo "backup.sh: one DIR only" >&2; exit 2; }; dir=$1; shift ;;
	esac
done
[ -n "$dir" ] || {
	echo "usage: backup.sh [--config FILE | --data-dir DIR] [--bin PATH] [--keep N] BACKUP_DIR" >&2
	exit 2
}
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "backup.sh: --keep must be a positive number" >&2; exit 2; }
[ -x "$bin" ] || { echo "backup.sh: ujikom binary not found ($bin); use --bin" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "backup.sh: sqlite3 is not installed" >&2; exit 1; }

umask 077
mkdir -p "$dir"
dest="$dir/ujikom-$(date -u +%Y%m%dT%H%M%SZ).db"
[ ! -e "$dest" ] || { echo "backup.sh: $dest already exists" >&2; exit 1; }

cfg_args=()
if [ -f "$config" ]; then
	cfg_args=(--config "$config")
fi
if [ -n "$data_dir" ]; then
	cfg_args+=(--data-dir "$data_dir")
fi
if ! "$bin" backup "${cfg_args[@]}" "$dest" >/dev/null; then
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

# Keep the newest $keep copies (the glob sorts the dated names oldest first).
shopt -s nullglob
copies=("$dir"/ujikom-*Z.db)
for ((i = 0; i + keep < ${#copies[@]}; i++)); do
	rm -f -- "${copies[$i]}"
done
