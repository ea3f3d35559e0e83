// Facts about the host as a whole: uptime and size.
import * as common from '@grafana/grafana-foundation-sdk/common';
import { instantQuery, sel, statPanel } from '../common.js';

export function uptimeStat() {
  return statPanel('Uptime')
    .unit('s')
    .decimals(1)
    .graphMode(common.BigValueGraphMode.None)
    .withTarget(instantQuery(`node_time_seconds${sel()} - node_boot_time_seconds${sel()}`, '{{instance}}'));
}

export function cpuCountStat() {
  return statPanel('CPUs')
    .graphMode(common.BigValueGraphMode.None)
    .withTarget(instantQuery(`count by (instance) (node_cpu_seconds_total${sel('mode="idle"')})`, '{{instance}}'));
}

export function memoryTotalStat() {
  return statPanel('Memory')
    .graphMode(common.BigValueGraphMode.None)
    .unit('bytes')
    .withTarget(instantQuery(`node_memory_MemTotal_bytes${sel()}`, '{{instance}}'));
}
