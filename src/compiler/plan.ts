// Which input values a generated test uses: for each level a value where that level (and
// the milder ones) hold, and a calm value where none does, kept inside the metric's domain.
// And the step from "the value at minute t" to "what each level's rule returns at minute t".
import type { FriendlyMetric, Sample } from './catalog.js';
import { formatDuration } from './duration.js';
import { holds } from './conditions.js';
import type { LevelSpec } from './judges/common.js';
import type { Scenario } from './model.js';
import type { Labels, Signal } from './series.js';

export interface Witness {
  /** Severity it is chosen for, or undefined for the calm value. */
  severity?: string;
  value: number;
}

export function witnesses(levels: readonly LevelSpec[], domain: FriendlyMetric['domain'] = {}): Witness[] | undefined {
  const bounds = [...new Set(levels.flatMap((l) => l.when.flat().map((c) => c.value)))].sort((a, b) => a - b);
  let candidates: number[];
  if (domain.values) {
    candidates = [...domain.values];
  } else {
    const lo = bounds[0] ?? 0;
    const hi = bounds[bounds.length - 1] ?? 0;
    const below = domain.min !== undefined && domain.min < lo ? (domain.min + lo) / 2 : lo - Math.max(1, Math.abs(lo) / 2);
    const above = domain.max !== undefined && domain.max > hi ? (hi + domain.max) / 2 : hi + Math.max(1, Math.abs(hi) / 4);
    candidates = [below, ...bounds, ...bounds.slice(1).map((b, i) => (bounds[i]! + b) / 2), above]
      .flatMap((c) => (domain.integer ? [Math.floor(c), Math.ceil(c)] : [c]))
      .filter((c) => (domain.min === undefined || c >= domain.min) && (domain.max === undefined || c <= domain.max));
  }
  const firing = (v: number) => levels.filter((l) => holds(v, l.when)).length;
  const out: Witness[] = [];
  const calm = candidates.find((v) => firing(v) === 0);
  for (const l of levels) {
    // Prefer the value that fires this level with the fewest others.
    const fit = candidates.filter((v) => holds(v, l.when)).sort((a, b) => firing(a) - firing(b) || Math.abs(a) - Math.abs(b))[0];
    if (fit === undefined) return undefined;
    if (!out.some((w) => w.value === fit)) out.push({ severity: l.severity, value: fit });
  }
  if (calm !== undefined) out.push({ value: calm });
  return out;
}

export const TEST_MINUTES_AFTER = 5;

/**
 * Generated tests simulate an alert minute by minute, and promtool replays every minute. A
 * `for`, window or season longer than this would make a test that takes long to generate and
 * to run (`for: 1y` is half a million steps per series; a longer one exhausted memory), so such
 * alerts get no generated test and the author is asked for `examples:`.
 */
export const MAX_TEST_MINUTES = 3 * 24 * 60;

/** Why a scenario of `steps` minutes is not generated, or undefined when it is short enough. */
export function tooLongToSimulate(steps: number): string | undefined {
  if (steps <= MAX_TEST_MINUTES) return undefined;
  return `its for, windows and seasons need ${formatDuration(Math.ceil(steps) * 60_000)} of simulated time; generated tests cover ${formatDuration(MAX_TEST_MINUTES * 60_000)}`;
}

/**
 * A scenario where the watched value follows `sample`, each level's rule returning the value
 * (after `transform`, e.g. an aggregation over time) whenever its condition holds.
 */
export function thresholdScenario(
  name: string,
  sample: Sample,
  steps: number,
  labels: Labels,
  levels: readonly LevelSpec[],
  transform: (value: (t: number) => number | undefined, t: number) => number | undefined = (v, t) => v(t),
): Scenario {
  const cache = new Map<number, number | undefined>();
  const observed = (t: number) => {
    if (!cache.has(t)) cache.set(t, transform(sample.value, t));
    return cache.get(t);
  };
  return {
    name,
    series: sample.series,
    steps,
    labels,
    value: (i, t) => {
      const x = observed(t);
      return x !== undefined && holds(x, levels[i]!.when) ? x : undefined;
    },
  };
}

export const constant =
  (v: number): Signal =>
  () =>
    v;

/** x rounded up to two significant digits, so sample series read as round numbers. */
export function niceCeil(x: number): number {
  if (x <= 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.ceil(x / step) * step).toPrecision(12));
}
