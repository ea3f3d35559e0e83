// Process-group panels over process-exporter's names (namedprocess_namegroup_*{groupname}).
import { query, sel, timeseriesPanel } from './common.js';

const RI = '$__rate_interval';
const G = 'groupname=~"$groupname"';

export function countTimeseries() {
  return timeseriesPanel('Processes per group')
    .description('0 means the group is configured but none of its processes runs.')
    .min(0)
    .decimals(0)
    .withTarget(query(`namedprocess_namegroup_num_procs${sel(G)}`, '{{instance}} {{groupname}}'));
}

export function cpuTimeseries() {
  return timeseriesPanel('CPU per group')
    .description('CPU seconds per second, user and system together (1 = one CPU fully busy).')
    .min(0)
    .withTarget(
      query(`sum by (instance, groupname) (rate(namedprocess_namegroup_cpu_seconds_total${sel(G)}[${RI}]))`, '{{instance}} {{groupname}}'),
    );
}

export function memoryTimeseries() {
  return timeseriesPanel('Resident memory per group')
    .unit('bytes')
    .min(0)
    .withTarget(query(`namedprocess_namegroup_memory_bytes${sel(G, 'memtype="resident"')}`, '{{instance}} {{groupname}}'));
}

export function fdsTimeseries() {
  return timeseriesPanel('Open file descriptors per group')
    .min(0)
    .withTarget(query(`namedprocess_namegroup_open_filedesc${sel(G)}`, '{{instance}} {{groupname}}'));
}

export function fdRatioTimeseries() {
  return timeseriesPanel('Worst fd use against the limit')
    .description('Highest ratio of open descriptors to the soft limit among the processes of each group.')
    .unit('percentunit')
    .min(0)
    .max(1)
    .withTarget(query(`namedprocess_namegroup_worst_fd_ratio${sel(G)}`, '{{instance}} {{groupname}}'));
}

export function ioTimeseries() {
  return timeseriesPanel('Storage I/O per group')
    .description('Bytes read (positive) and written (negative) per second.')
    .unit('Bps')
    .withTarget(query(`rate(namedprocess_namegroup_read_bytes_total${sel(G)}[${RI}])`, '{{instance}} {{groupname}} read'))
    .withTarget(query(`-rate(namedprocess_namegroup_write_bytes_total${sel(G)}[${RI}])`, '{{instance}} {{groupname}} written'));
}

export function threadsTimeseries() {
  return timeseriesPanel('Threads per group')
    .min(0)
    .withTarget(query(`namedprocess_namegroup_num_threads${sel(G)}`, '{{instance}} {{groupname}}'));
}
