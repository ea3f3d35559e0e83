// Time semantics of the rule language, end to end: what a user writes as `for` or a window is
// the time from the condition becoming true to the alert firing. Windows vigil adds on its own
// (the rate window of a friendly metric, the absence window) are taken out of the `for` the
// rule gets, not added to it. One module, so the rules, `vigil check` and README agree.
import { ABSENCE_MIN_FOR, ABSENCE_WINDOW, DEFAULT_SCRAPE_INTERVAL } from './conventions.js';
import type { RateWindow } from './catalog.js';
import { formatDuration, parseDuration } from './duration.js';
import type { Resolved } from './resolved.js';
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

/**
 * The rate window of a friendly metric over counters: 4 scrape intervals (fewer misses data
 * whenever a scrape fails), and at least 1m. Kept short on purpose: the rate reaches a
 * threshold only once most of its window is past the change, so the window is part of the
 * detection time and is taken out of the rule's `for`.
 */
export function rateWindowMs(scrapeMs: number): number {
  return Math.max(4 * scrapeMs, 60_000);
}

export function rateWindow(scrapeMs: number): RateWindow {
  const ms = rateWindowMs(scrapeMs);
  return { range: formatDuration(ms), minutes: ms / 60_000, fullSamples: Math.floor(ms / scrapeMs) };
}

/** The rule's `for` for an end-to-end wait `waitMs` when the value lags by `lagMs` (its rate window). */
export function ruleForMs(waitMs: number, lagMs: number): number {
  return Math.max(0, waitMs - lagMs);
}

/**
 * How long the last value is held through a scrape gap: the alert's wait plus the rate
 * window a rate needs to fill again afterwards. A gap shorter than the alert's `for` neither
 * clears a firing alert nor restarts a pending one; a longer one does (target_down and
 * absent: alerts say why).
 */
export function bridgeMs(waitMs: number, scrapeMs: number): number {
  return waitMs + rateWindowMs(scrapeMs);
}

/** The watched value, holding its last result through a scrape gap of up to `bridge`. */
export function bridged(watched: string, plain: boolean, bridge: number, scrapeMs: number): string {
  const range = formatDuration(bridge);
  return plain ? `last_over_time(${watched}[${range}])` : `last_over_time((${watched})[${range}:${formatDuration(scrapeMs)}])`;
}

/**
 * Interval of the input series of generated tests for a rate over full windows: the scrape
 * interval (or the longest whole divisor of a minute below it), so each rate window holds
 * as many samples as Prometheus would scrape.
 */
export function testIntervalSeconds(scrapeMs: number): number {
  const s = Math.floor(scrapeMs / 1000);
  if (s >= 60) return 60;
  for (let d = Math.max(1, s); d >= 1; d--) if (60 % d === 0) return d;
  return 1;
}
