// Where an anomaly alert's baseline lies in time, how it is summarised, and how many samples
// it needs. Pure: the builder (anomaly.ts) and the checks (anomaly-check.ts) share it, so
// the window a rule file is refused for is the window the compiled rule would use.
//
// Why the baseline ends before the recent window: with the current value inside its own
// baseline, a lasting change is absorbed within minutes (a doubled response time becomes
// "normal" after about a tenth of the baseline), and |z| of a single point among n is at most
// (n-1)/√n, so a short baseline can never reach the requested deviations. Left out, the
// change keeps the baseline it is compared with for the whole recent window.
//
// Why a seasonal baseline is centred: `[1h] offset 1d` is the hour *ending* at this time
// yesterday, so a peak that comes every day at 09:00 is compared with the quiet hour before
// it and alerts at its start (and at its end, against yesterday's peak). Centred on this
// time yesterday, a recurring peak is compared with a window that holds it too.
import { SEASONS } from '../conventions.js';
import { parseDuration } from '../duration.js';
import type { AnomalySpec } from '../spec.js';

export type BaselineMethod = 'mean' | 'median';

export interface BaselineWindow {
  /** Length of the range selector. */
  rangeMs: number;
  /** Offset of its end from now. */
  offsetMs: number;
  /** Season length when seasonal. */
  seasonMs?: number;
}

/**
 * The baseline window at evaluation time t is [t - offset - range, t - offset]: the
 * baseline just before the recent window, or the baseline centred on t one season back.
 */
export function baselineWindow(an: AnomalySpec, forMs: number): BaselineWindow {
  const rangeMs = parseDuration(an.baseline)!;
  if (an.seasonality) {
    const seasonMs = parseDuration(SEASONS[an.seasonality]!)!;
    return { rangeMs, offsetMs: seasonMs - Math.round(rangeMs / 2), seasonMs };
  }
  return { rangeMs, offsetMs: recentMs(an, forMs) };
}

/** The recent window left out of a non-seasonal baseline: given, or as long as the baseline and at least `for`. */
export function recentMs(an: AnomalySpec, forMs: number): number {
  if (an.recent !== undefined) return parseDuration(an.recent)!;
  return Math.max(parseDuration(an.baseline)!, forMs);
}

/**
 * Asymptotic standard error, per σ and times √n, of interquartile range / 1.349 for normal
 * data: its variance is 1.36 σ²/n (quartiles are noisier than squares; the standard
 * deviation's error is 1/√(2(n-1))).
 */
const IQR_SPREAD_ERROR = 1.1664;

/**
 * Fewest baseline samples for `k` deviations to mean k: the threshold k × spread must be
 * known to within half a true standard deviation (k × its standard error ≤ ½). For 3
 * deviations that is 19 samples with the mean (k / √(2(n-1)) ≤ ½: n ≥ 2k² + 1) and 49 with
 * the median (k × 1.166 / √n ≤ ½).
 */
export function minimumSamples(k: number, method: BaselineMethod): number {
  if (method === 'mean') return Math.ceil(2 * k * k) + 1;
  return Math.ceil((2 * IQR_SPREAD_ERROR * k) ** 2);
}

/** Independent samples in a baseline: a recorded value changes at most once per evaluation and per scrape. */
export function samplesIn(rangeMs: number, evaluationMs: number, scrapeMs: number): number {
  return Math.floor(rangeMs / Math.max(evaluationMs, scrapeMs, 1));
}

/** Normal data's interquartile range is 1.349 σ: dividing by it puts the robust spread in σ. */
export const IQR_PER_SIGMA = 1.349;
