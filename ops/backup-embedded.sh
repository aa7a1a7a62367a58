#!/usr/bin/env bash
# Online backup of Hearken's embedded PostgreSQL while Hearken runs.
#
#   ops/backup-embedded.sh [HEARKEN_DATA_DIR] BACKUP_DIR
#
# Uses PostgreSQL's low-level backup API in one psql session: a temporary replication slot keeps the write-ahead log
# (WAL) the copy needs, pg_backup_start, the data files copied with tar while Hearken goes on writing, pg_backup_stop
# (whose backup label makes the copy consistent when it is started), then the WAL written meanwhile. It needs psql and
# tar only, of any version (Debian's postgresql-client will do), and read access to the data directory: run it on the
# machine where Hearken runs, as the user Hearken runs as. BACKUP_DIR gets base.tar and pg_wal.tar; restoring them
# is in docs/operations.md.
set -euo pipefail

if [ $# -eq 1 ]; then set -- "${HEARKEN_DATA_DIR:-data}" "$1"; fi
[ $# -eq 2 ] || { echo "usage: $0 [HEARKEN_DATA_DIR] BACKUP_DIR" >&2; exit 2; }
data="$(cd "$1" && pwd)/postgres"
out="$2"
[ -f "$data/postmaster.pid" ] || { echo "no embedded PostgreSQL is running in $data (no postmaster.pid)" >&2; exit 1; }
port="$(sed -n 4p "$data/postmaster.pid")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
[ -z "$(ls -A "$out")" ] || { echo "$out is not empty" >&2; exit 1; }

# tar exits 1 when a file changed while it was read: expected here, since the server goes on writing; WAL replay from
# the backup label repairs it. Anything worse (2) fails the backup: each copy leaves its exit status beside it.
tar_options="--warning=no-file-changed --warning=no-file-removed --warning=no-file-shrank --ignore-failed-read"

psql -X -q -v ON_ERROR_STOP=1 -h localhost -p "$port" -U postgres -d postgres <<SQL
select pg_create_physical_replication_slot('hearken_backup_' || pg_backend_pid(), true, true) \g /dev/null
select pg_backup_start('hearken $(date -u +%Y-%m-%dT%H:%M:%SZ)', true) \g /dev/null
\! tar -C "$data" -cf "$out/base.tar" $tar_options --exclude=./postmaster.pid --exclude=./postmaster.opts --exclude=./epg-lock --exclude='./pg_wal/*' --exclude='./pg_replslot/*' --exclude='./pg_stat_tmp/*' --exclude='./pgsql_tmp*' --exclude=pg_internal.init . ; echo \$? > "$out/base.tar.status"
select labelfile, spcmapfile from pg_backup_stop(false) \gset
\o $out/backup_label
\qecho -n :labelfile
\o $out/tablespace_map
\qecho -n :spcmapfile
\o
\! tar -C "$data/pg_wal" -cf "$out/pg_wal.tar" $tar_options --exclude=./archive_status . ; echo \$? > "$out/pg_wal.tar.status"
SQL

for part in base pg_wal; do
  status="$(cat "$out/$part.tar.status")"
  rm "$out/$part.tar.status"
  [ "$status" -le 1 ] || { echo "copying $part failed (tar exit $status)" >&2; exit 1; }
done
# The label and the tablespace map belong at the top of the data directory, beside the files.
tar -C "$out" -rf "$out/base.tar" backup_label
[ -s "$out/tablespace_map" ] && tar -C "$out" -rf "$out/base.tar" tablespace_map
rm -f "$out/backup_label" "$out/tablespace_map"
echo "Backup of $data written to $out (base.tar, pg_wal.tar)"
