#!/bin/sh
# Runs a batch job and records how it went for vigil's textfile collector, so an alert can say
# "the nightly backup has not succeeded for 26 hours". Use it in cron:
#   15 2 * * *  /opt/vigil/examples/batch/record-job.sh backup /usr/local/bin/backup --all
# with vigil serving --collector.textfile.directory=/var/lib/vigil/textfile (TEXTFILE_DIR below).
# Writes <dir>/job_<name>.prom atomically (a temp file in the same directory, then a rename),
# so a scrape never reads half a file. The last success time is kept across failed runs.
set -u
name=$1; shift
dir=${TEXTFILE_DIR:-/var/lib/vigil/textfile}
file="$dir/job_$name.prom"
start=$(date +%s)
"$@"
code=$?
end=$(date +%s)
last_success=$(sed -n "s/^job_last_success_timestamp_seconds{job=\"$name\"} //p" "$file" 2>/dev/null)
[ "$code" -eq 0 ] && last_success=$end
tmp=$(mktemp "$dir/.job_$name.XXXXXX")
{
  echo "# HELP job_last_run_timestamp_seconds When the job last finished."
  echo "# TYPE job_last_run_timestamp_seconds gauge"
  echo "job_last_run_timestamp_seconds{job=\"$name\"} $end"
  echo "# HELP job_last_duration_seconds How long the job's last run took."
  echo "# TYPE job_last_duration_seconds gauge"
  echo "job_last_duration_seconds{job=\"$name\"} $((end - start))"
  echo "# HELP job_last_exit_code The exit status of the job's last run (0 is success)."
  echo "# TYPE job_last_exit_code gauge"
  echo "job_last_exit_code{job=\"$name\"} $code"
  if [ -n "$last_success" ]; then
    echo "# HELP job_last_success_timestamp_seconds When the job last succeeded."
    echo "# TYPE job_last_success_timestamp_seconds gauge"
    echo "job_last_success_timestamp_seconds{job=\"$name\"} $last_success"
  fi
} > "$tmp"
chmod 0644 "$tmp"
mv "$tmp" "$file"
exit "$code"
