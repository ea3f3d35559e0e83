// Memory and swap panels.
import { query, sel, statPanel, thresholds, timeseriesPanel } from '../common.js';
import { watchedExpr } from '../watched-expr.js';
import { levelSteps, type Level } from '../watched.js';

export const memoryUsedExpr = (s = sel()) => `node_memory_MemTotal_bytes${s} - node_memory_MemAvailable_bytes${s}`;
/** The catalog's memory_usage_percent, which the tile's colours come from. */
export const memoryUsedPercentExpr = () => watchedExpr('memory_usage_percent');
export const swapUsedExpr = (s = sel()) => `node_memory_SwapTotal_bytes${s} - node_memory_SwapFree_bytes${s}`;

export function usedStat(levels: readonly Level[], order?: readonly string[]) {
  return statPanel('Memory used')
    .unit('percent')
    .min(0)
    .max(100)
    .decimals(1)
    .thresholds(thresholds(levelSteps(levels, order)))
    .withTarget(query(memoryUsedPercentExpr(), '{{instance}}'));
}

export function usageTimeseries() {
  return timeseriesPanel('Memory')
    .description('Used is total minus available (what the kernel could hand out without swapping).')
    .unit('bytes')
    .min(0)
    .withTarget(query(memoryUsedExpr(), '{{instance}} used'))
    .withTarget(query(`node_memory_MemTotal_bytes${sel()}`, '{{instance}} total'))
    .withTarget(query(`node_memory_Cached_bytes${sel()} + node_memory_Buffers_bytes${sel()}`, '{{instance}} cache + buffers'));
}

export function swapTimeseries() {
  return timeseriesPanel('Swap')
    .unit('bytes')
    .min(0)
    .withTarget(query(swapUsedExpr(), '{{instance}} used'))
    .withTarget(query(`node_memory_SwapTotal_bytes${sel()}`, '{{instance}} total'));
}
