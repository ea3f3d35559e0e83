// CPU panels: how busy, in which mode, and the load against the number of CPUs.
import { query, sel, statPanel, thresholds, timeseriesPanel } from '../common.js';
import { watchedExpr } from '../watched-expr.js';
import { levelSteps, type Level } from '../watched.js';

const RI = '$__rate_interval';

/**
 * Busy share of all CPUs, 0–100, per instance: the catalog's cpu_usage_percent, which the
 * tile's colours come from (idle, iowait and steal are not busy).
 */
export const cpuBusyExpr = () => watchedExpr('cpu_usage_percent');

export function busyStat(levels: readonly Level[], order?: readonly string[]) {
  return statPanel('CPU busy')
    .unit('percent')
    .min(0)
    .max(100)
    .decimals(1)
    .thresholds(thresholds(levelSteps(levels, order)))
    .withTarget(query(cpuBusyExpr(), '{{instance}}'));
}

export function busyTimeseries() {
  return timeseriesPanel('CPU busy').unit('percent').min(0).max(100).withTarget(query(cpuBusyExpr(), '{{instance}}'));
}

export function modeTimeseries() {
  return timeseriesPanel('CPU time by mode')
    .description('Share of all CPUs spent in each mode other than idle.')
    .unit('percentunit')
    .min(0)
    .withTarget(
      query(
        `sum by (instance, mode) (rate(node_cpu_seconds_total${sel('mode!="idle"')}[${RI}])) / on (instance) group_left count by (instance) (node_cpu_seconds_total${sel('mode="idle"')})`,
        '{{instance}} {{mode}}',
      ),
    );
}

export function loadTimeseries() {
  return timeseriesPanel('Load average')
    .description('1, 5 and 15 minute load averages, with the number of CPUs for scale.')
    .min(0)
    .withTarget(query(`node_load1${sel()}`, '{{instance}} 1m'))
    .withTarget(query(`node_load5${sel()}`, '{{instance}} 5m'))
    .withTarget(query(`node_load15${sel()}`, '{{instance}} 15m'))
    .withTarget(query(`count by (instance) (node_cpu_seconds_total${sel('mode="idle"')})`, '{{instance}} CPUs'));
}
