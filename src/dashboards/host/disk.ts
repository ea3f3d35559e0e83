// Filesystem space and block-device I/O panels.
import { query, sel, statPanel, thresholds, timeseriesPanel } from '../common.js';
import { watchedExpr } from '../watched-expr.js';
import { levelSteps, type Level } from '../watched.js';

const RI = '$__rate_interval';

/**
 * Space used of each disk filesystem, 0–100: the catalog's disk_usage_percent, which leaves out
 * the filesystems that are not disks (collectors/fs-types.ts) and colours the root tile.
 */
export const fsUsedPercentExpr = (...extra: string[]) => watchedExpr('disk_usage_percent', ...extra);

export function rootUsedStat(levels: readonly Level[], order?: readonly string[]) {
  return statPanel('Root filesystem used')
    .unit('percent')
    .min(0)
    .max(100)
    .decimals(1)
    .thresholds(thresholds(levelSteps(levels, order)))
    .withTarget(query(fsUsedPercentExpr('mountpoint="/"'), '{{instance}}'));
}

export function fsUsedTimeseries() {
  return timeseriesPanel('Filesystem space used')
    .unit('percent')
    .min(0)
    .max(100)
    .withTarget(query(fsUsedPercentExpr(), '{{instance}} {{mountpoint}}'));
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
    .unit('percentunit')
    .min(0)
    .max(1)
    .withTarget(query(`rate(node_disk_io_time_seconds_total${sel()}[${RI}])`, '{{instance}} {{device}}'));
}
