// Meaning checks of the time and hysteresis keys (timing.ts, hysteresis.ts): kept apart from
// meaning.ts so that file only calls in.
import type { PathSegment } from '../yaml/source.js';
import type { Severity } from './conventions.js';
import type { AlertUnit } from './alert-unit.js';
import { forEachLevel } from './check-common.js';
import { readThreshold } from './units.js';
import type { Reporter } from './report.js';
import { formatDuration, parseDuration } from './duration.js';
import { friendlyMetricOf } from './resolve.js';
import type { AlertSpec } from './spec.js';
import { rateWindow } from './timing.js';

/** clear_below / clear_above: with the right comparison, on its levels, on the near side of each threshold. */
export function checkHysteresis(r: Reporter, a: AlertSpec, path: PathSegment[], u: AlertUnit, order: readonly string[]): void {
  const key = a.clear_below !== undefined ? 'clear_below' : a.clear_above !== undefined ? 'clear_above' : undefined;
  if (!key) return;
  if (a.clear_below !== undefined && a.clear_above !== undefined) {
    r.error(
      'rules.hysteresis',
      [...path, 'clear_above'],
      'an alert clears below or above its threshold, not both',
      'keep clear_below for above/at_least, clear_above for below/at_most',
      'key',
    );
    return;
  }
  const fireKeys = key === 'clear_below' ? (['above', 'at_least'] as const) : (['below', 'at_most'] as const);
  const fireKey = fireKeys.find((k) => a[k] !== undefined);
  if (!fireKey) {
    r.error(
      'rules.hysteresis',
      [...path, key],
      `${key} needs ${fireKeys.join(' or ')}: it says when a firing alert of that comparison clears`,
      key === 'clear_below' ? 'e.g. above: 85 with clear_below: 75' : 'e.g. below: 10 with clear_above: 20',
      'key',
    );
    return;
  }
  const num = (v: number | string) => {
    const x = readThreshold(v, u.unit, u.what, u.onExpr);
    return x.ok ? x.value : NaN;
  };
  const fire = levelNumbers(a[fireKey], num);
  const clear = levelNumbers(a[key], num);
  forEachLevel(a[key], (value, sev, p) => {
    if (typeof value === 'number' || typeof value === 'string') {
      const read = readThreshold(value, u.unit, u.what, u.onExpr);
      if (!read.ok) r.error(read.code, [...path, key, ...p], read.message, read.hint);
    }
    if (sev && !order.includes(sev)) r.error('rules.severity', [...path, key, ...p], `unknown severity "${sev}"`);
    else if (sev && fire.has(undefined))
      r.error('rules.hysteresis', [...path, key, ...p], `${fireKey} is one value: give ${key} as one value too`, undefined, 'key');
    else if (sev && !fire.has(sev))
      r.error(
        'rules.hysteresis',
        [...path, key, ...p],
        `${fireKey} has no ${sev} level for ${key}.${sev} to clear`,
        `levels of ${fireKey}: ${[...fire.keys()].join(', ')}`,
        'key',
      );
  });
  for (const [sev, threshold] of fire) {
    const c = clear.get(sev) ?? clear.get(undefined);
    if (c === undefined) continue;
    const ok = key === 'clear_below' ? c < threshold : c > threshold;
    if (!ok) {
      const at: PathSegment[] = sev !== undefined && clear.has(sev) ? [...path, key, sev] : [...path, key];
      r.error(
        'rules.hysteresis',
        at,
        `${key} (${c}) must be ${key === 'clear_below' ? 'below' : 'above'} the ${sev === undefined ? '' : `${sev} `}threshold it clears (${threshold})`,
        'the alert fires past the threshold and clears only past the clear level, on the other side',
      );
    }
  }
}

/** Examples of a rate over full windows need a value per scrape, or the rate never reads. */
export function checkExampleIntervals(r: Reporter, a: AlertSpec, path: PathSegment[], scrapeMs: number): void {
  const metric = friendlyMetricOf(a);
  if (!metric?.rateBased || a.trend || a.anomaly) return;
  const w = rateWindow(scrapeMs);
  (a.examples ?? []).forEach((ex, i) => {
    const ms = parseDuration(ex.interval ?? '1m');
    if (ms === undefined || ms <= scrapeMs) return;
    r.warn(
      'lint.example-interval',
      [...path, 'examples', i, ...(ex.interval ? ['interval'] : [])],
      `${metric.name} reads its rate only over full ${w.range} windows (${w.fullSamples} scrapes); series with a value every ${formatDuration(ms)} never fill one`,
      `add \`interval: ${formatDuration(scrapeMs)}\` and write one value per scrape`,
    );
  });
}

function levelNumbers(v: unknown, num: (v: number | string) => number): Map<Severity | undefined, number> {
  const out = new Map<Severity | undefined, number>();
  forEachLevel(v, (value, sev) => {
    if (typeof value === 'number' || typeof value === 'string') out.set(sev, num(value));
  });
  return out;
}
