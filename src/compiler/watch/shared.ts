// Helpers every watch kind shares (and the judges after them): the selector as matchers, the
// labels of made-up sample series, the title of a friendly metric, and how values print.
import type { FriendlyMetric, MatcherFn } from '../catalog.js';
import { VIGIL_JOBS } from '../conventions.js';
import { selectorsOf } from '../promql.js';
import { matcherStrings, matches } from '../selectors.js';
import type { Labels } from '../series.js';
import type { MatcherSpec, SelectorSpec } from '../spec.js';

export function matcherFn(sel: SelectorSpec): MatcherFn {
  const user = matcherStrings(sel);
  return (...extra) => {
    const all = [...extra, ...user];
    return all.length ? `{${all.join(', ')}}` : '';
  };
}

/** How a value is printed: a friendly metric, or the display of a stated `unit:`. */
export type Display = Pick<FriendlyMetric, 'humanize' | 'unit' | 'suffix'>;

export function title(m: FriendlyMetric): string {
  const t = m.name.replace(/_(percent|bytes|seconds|ratio)$/, '').replace(/_/g, ' ');
  return t
    .replace(/\bcpu\b/g, 'CPU')
    .replace(/\bfd\b/g, 'fd')
    .replace(/\bfds\b/g, 'fds');
}

/**
 * Labels of the sample series of a generated test: instance and job, the metric's usual
 * labels, overridden by the selector's exact values. undefined when a regex or negative
 * matcher rules the sample out and no obvious value satisfies it.
 */
export function sampleLabels(instance: string, base: Record<string, string>, sel: SelectorSpec): Record<string, string> | undefined {
  const labels: Record<string, string> = { instance, job: 'vigil', ...base };
  for (const [k, m] of Object.entries(sel)) {
    if (k === 'instance') continue;
    if (typeof m === 'string') {
      labels[k] = m;
      continue;
    }
    const cur = labels[k] ?? '';
    if (matches(cur, m)) continue;
    const guess = ['/', 'app', 'api', 'eth0', 'vigil', '/dev/sda1', 'ext4'].find((g) => matches(g, m));
    if (guess === undefined) return undefined;
    labels[k] = guess;
  }
  const inst = sel['instance'];
  if (inst !== undefined) {
    if (typeof inst === 'string') labels['instance'] = inst;
    else if (!matches(instance, inst)) return undefined;
  }
  return labels;
}

export function pick(labels: Labels, keep: readonly string[] | undefined): Labels {
  if (!keep) return labels;
  return Object.fromEntries(keep.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]!]));
}

/** Whether a selector's job is one of vigil's. Only an exact value says so: a regex may reach any job. */
export function vigilJob(job: MatcherSpec | undefined): boolean {
  return typeof job === 'string' && VIGIL_JOBS.includes(job);
}

/** Series Prometheus writes itself for every target: they do not come from vigil's exposition. */
const SCRAPE_SERIES = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);

/** Whether a metric (a plain name) is one a target exposes, not Prometheus's own or a record's. */
export function exposed(metric: string | undefined): boolean {
  return metric !== undefined && !SCRAPE_SERIES.has(metric) && !metric.includes(':');
}

/** Whether every series some PromQL reads is an exposed metric selected on one of vigil's jobs. */
export function readsVigil(...texts: string[]): boolean {
  const sels = texts.flatMap((t) => selectorsOf(t));
  return sels.length > 0 && sels.every((s) => exposed(s.metric) && vigilJob(s.equal['job']));
}
