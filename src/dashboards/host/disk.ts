// Filesystem space and block-device I/O panels.
import { query, sel, statPanel, thresholds, timeseriesPanel } from '../common.js';
import { levelSteps, type Level } from '../watched.js';

const RI = '$__rate_interval';
/** Real filesystems only: what node_exporter's own dashboards leave out. */
const REAL_FS = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|autofs"';

export const fsUsedPercentExpr = (s: string) =>
  `100 * (1 - node_filesystem_avail_bytes${s} / node_filesystem_size_bytes${s})`;

export function rootUsedStat(levels: readonly Level[], order?: readonly string[]) {
  return statPanel('Root filesystem used')
    .unit('percent').min(0).max(100).decimals(1)
    .thresholds(thresholds(levelSteps(levels, order)))
    .withTarget(query(fsUsedPercentExpr(sel('mountpoint="/"')), '{{instance}}'));
}

export function fsUsedTimeseries() {
  return timeseriesPanel('Filesystem space used')
    .unit('percent').min(0).max(100)
    .withTarget(query(fsUsedPercentExpr(sel(REAL_FS)), '{{instance}} {{mountpoint}}'));
}

export function ioBytesTimeseries() {
  return timeseriesPanel('Disk I/O')
    .description('Bytes read (positive) and written (negative) per second, per device.')
    .unit('Bps')
    .withTarget(query(`rate(node_disk_read_bytes_total${sel()}[${RI}])`, '{{instance}} {{device}} read'))
    .withTarget(query(`-rate(node_disk_written_bytes_total${sel()}[${RI}])`, '{{instance}} {{device}} written'));
}

export function ioUtilisationTimeseries() {
  return timeseriesPanel('Disk busy')
    .description('Share of time each device had I/O in flight.')
    .unit('percentunit').min(0).max(1)
    .withTarget(query(`rate(node_disk_io_time_seconds_total${sel()}[${RI}])`, '{{instance}} {{device}}'));
}
