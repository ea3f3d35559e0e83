// Time semantics of the rule language, end to end: what a user writes as `for` or a window is
// the time from the condition becoming true to the alert firing. Windows vigil adds on its own
// (the rate window of a friendly metric, the absence window) are taken out of the `for` the
// rule gets, not added to it. One module, so the rules, `vigil check` and README agree.
import { ABSENCE_MIN_FOR, ABSENCE_WINDOW, DEFAULT_SCRAPE_INTERVAL } from './conventions.js';
import { parseDuration } from './duration.js';
import type { Resolved } from './resolve.js';
import type { AlertSpec, RuleFileSpec } from './spec.js';

export function scrapeMsOf(spec: Pick<RuleFileSpec, 'scrape_interval'>): number {
  return parseDuration(spec.scrape_interval ?? DEFAULT_SCRAPE_INTERVAL) ?? 15_000;
}

/**
 * How long a metric must be missing before an `absent:` alert fires: its `window`, else the
 * alert's own `for`, else the group's `for` (at least 5m: one missed scrape must not page),
 * else 5m. The rule itself gets no `for`: absent_over_time already waits the whole window.
 */
export function absenceWindowMs(a: AlertSpec, res: Pick<Resolved, 'forMs' | 'forExplicit'>): number {
  const spec = typeof a.absent === 'object' ? a.absent : undefined;
  if (spec?.window) return parseDuration(spec.window) ?? 0;
  const min = parseDuration(ABSENCE_MIN_FOR)!;
  if (res.forMs > 0) return res.forExplicit ? res.forMs : Math.max(res.forMs, min);
  return parseDuration(ABSENCE_WINDOW)!;
}
