#!/bin/sh
# A check for vigil's exec probe: is the newest file in a backup directory younger than a
# maximum age? Prints metrics (for `metrics: true`) and exits 0 when fresh, 1 when stale,
# 2 when the directory is missing or empty.
#
#   probes:
#     - name: nightly-backup
#       kind: exec
#       command: [/opt/vigil/deploy/checks/backup-fresh.sh, /srv/backup/db, "93600"]
#       timeout: 20s
#       metrics: true
set -u
dir=${1:?usage: backup-fresh.sh DIRECTORY MAX_AGE_SECONDS}
max_age=${2:?usage: backup-fresh.sh DIRECTORY MAX_AGE_SECONDS}

# The directory as a label value of the text format: backslash and double quote escaped.
label=$(printf '%s' "$dir" | sed 's/\\/\\\\/g; s/"/\\"/g')

if [ ! -d "$dir" ]; then
  echo "backup-fresh: $dir is not a directory" >&2
  exit 2
fi
count=$(find "$dir" -type f | wc -l)
newest=$(find "$dir" -type f -printf '%T@\n' | sort -n | tail -n 1 | cut -d. -f1)
now=$(date +%s)

echo '# HELP backup_files Files in the backup directory.'
echo '# TYPE backup_files gauge'
# printf, not echo: dash's echo would read the label's backslashes as escapes.
printf 'backup_files{directory="%s"} %s\n' "$label" "$count"
[ -n "$newest" ] || exit 2
echo '# HELP backup_newest_file_timestamp_seconds Modification time of the newest file in the backup directory.'
echo '# TYPE backup_newest_file_timestamp_seconds gauge'
printf 'backup_newest_file_timestamp_seconds{directory="%s"} %s\n' "$label" "$newest"
[ $((now - newest)) -le "$max_age" ] || exit 1
exit 0
