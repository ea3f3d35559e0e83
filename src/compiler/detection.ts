// "HostCpuHigh warning: fires ~5m after cpu_usage_percent above 80% (rate 1m + for 4m)": how
// long after its condition becomes true an alert fires, in words, for `vigil check`. Prometheus
// adds up to one scrape and one evaluation interval on top.
import { formatDuration } from './duration.js';
import type { AlertSpec } from './spec.js';

// The judges pass what they know, undefined for what the alert has none of.
export interface DetectionInput {
  a: AlertSpec;
  /** What the user asked for: the time from the condition to the alert. */
  waitMs: number;
  /** The rule's own `for`. */
  ruleForMs: number;
  condition: string;
  /** The hidden rate window of a friendly metric, when it has one. */
  rateMs?: number | undefined;
  /** How long a scrape gap holds the last value. */
  bridgeMs?: number | undefined;
  /** absent: how long the metric must be missing. */
  absenceMs?: number | undefined;
  /** stale: the age of the time it holds at which it fires. */
  staleMs?: number | undefined;
}

const d = (ms: number) => formatDuration(ms);

export function detection(x: DetectionInput): string {
  if (x.staleMs !== undefined)
    return `fires when ${x.condition.split(' ')[0]} is older than ${d(x.staleMs)}, or at once when it has no series (no for)`;
  if (x.absenceMs !== undefined) return `fires ${d(x.absenceMs)} after the last sample (absent_over_time ${d(x.absenceMs)}, no for)`;
  const gap = x.bridgeMs ? `; a scrape gap up to ${d(x.bridgeMs)} holds the last value` : '';
  const windows = [
    x.a.over ? `the ${x.a.over.using} over ${x.a.over.window}` : '',
    x.a.ratio && 'metric' in x.a.ratio ? `its ${x.a.ratio.window ?? '5m'} rate window` : '',
    x.a.latency ? `its ${x.a.latency.window ?? '5m'} rate window` : '',
  ].filter(Boolean);
  const plus = windows.length ? `, plus up to ${windows.join(' and ')} to see the change` : '';
  if (x.rateMs !== undefined) {
    const total = x.ruleForMs + x.rateMs;
    const late = total > x.waitMs ? ` (its rate window alone is ${d(x.rateMs)}: a \`for\` under that is not honoured)` : '';
    return `fires ~${d(Math.max(x.waitMs, x.rateMs))} after ${x.condition} (rate ${d(x.rateMs)} + for ${d(x.ruleForMs)})${late}${plus}${gap}`;
  }
  return `fires ${d(x.ruleForMs)} after ${x.condition} (for ${d(x.ruleForMs)})${plus}${gap}`;
}
