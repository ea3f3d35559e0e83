// Prometheus durations ("90s", "1h30m", "14d") as milliseconds and back. Rules are written
// in the form Prometheus prints, so the compiled files read the way their authors wrote them.

const UNITS: [string, number][] = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const MS: Record<string, number> = Object.fromEntries(UNITS);

export const DURATION_PATTERN = '^(0|([0-9]+(y|w|d|h|m|s|ms))+)$';
const PART = /([0-9]+)(ms|y|w|d|h|m|s)/g;
/** Prometheus keeps durations as int64 nanoseconds: about 292 years. */
export const MAX_DURATION_MS = 9_223_372_036_854;

/** Milliseconds of a Prometheus duration, or undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!new RegExp(DURATION_PATTERN).test(text)) return undefined;
  let total = 0;
  let lastUnit = Infinity;
  for (const m of text.matchAll(PART)) {
    const unit = MS[m[2]!]!;
    // Prometheus rejects "1m1h": units must go from largest to smallest, each once.
    if (unit >= lastUnit) return undefined;
    lastUnit = unit;
    total += Number(m[1]) * unit;
  }
  return total > MAX_DURATION_MS ? undefined : total;
}

/** The canonical Prometheus spelling of a duration in milliseconds (3_600_000 → "1h"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  // Prometheus prints weeks and years only when exact; days and below compose.
  for (const [unit, size] of UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) continue;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

export const minutes = (ms: number): number => ms / 60_000;
