// The bucket of a latency SLO: `faster_than` as a number in the histogram's unit, and the
// `le` matcher that finds that bucket however the exporting client spelled the number.
//
// A bucket boundary is a float written as text, and clients write it differently: Go's text
// format writes 1, 0.25, 1e-05 and 1e+06; Go's OpenMetrics format, Prometheus 3 (which
// normalises `le` on ingestion) and Python write 1.0; Java writes 1.0 and 5.0E-4; JavaScript
// writes 1e-7; Rust and printf("%f") write plain decimals, the latter with trailing zeros.
// An exact `le="1"` misses all but one of them and the SLO's error series never exists, so
// the matcher is a regex over every decimal and exponent spelling of the same number.
import { parseDuration } from '../duration.js';

/** Clients switch to exponent notation somewhere below 1e-3 (Java) and from 1e6 up (Go, Python). */
const EXPONENT_BELOW = 1e-3;
const EXPONENT_FROM = 1e6;

/** Digits and decimal exponent of the shortest spelling that reads back as x (x > 0, finite). */
function shortest(x: number): { digits: string; exp: number } {
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exp: Number(exp) };
}

/**
 * An RE2 regex (Prometheus anchors it) matching the spellings of x as a bucket boundary:
 * plain decimal with any trailing zeros (`1`, `1.0`, `0.250000`), and for very small or large
 * x exponent notation with either `e`, an optional `+`, and a zero-padded exponent.
 */
export function boundaryRegex(x: number): string {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`a bucket boundary must be a positive finite number, got ${x}`);
  const { digits, exp } = shortest(x);
  const alternatives: string[] = [];
  if (exp >= 0) {
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    alternatives.push(frac ? `${int}\\.${frac}0*` : `${int}(\\.0*)?`);
  } else {
    alternatives.push(`0\\.${'0'.repeat(-exp - 1)}${digits}0*`);
  }
  if (x < EXPONENT_BELOW || x >= EXPONENT_FROM) {
    const mantissa = digits.length === 1 ? `${digits}(\\.0*)?` : `${digits[0]}\\.${digits.slice(1)}0*`;
    const power = exp < 0 ? `-0*${-exp}` : `\\+?0*${exp}`;
    alternatives.push(`${mantissa}[eE]${power}`);
  }
  return alternatives.join('|');
}

/** The label matcher of the bucket `le` = x, for a PromQL selector. */
export function leMatcher(x: number): string {
  return `le=~${JSON.stringify(boundaryRegex(x))}`;
}

/** Milliseconds → the histogram's unit, read from the end of its name (Prometheus naming). */
const UNIT_SUFFIXES: [RegExp, number][] = [
  [/_seconds$/, 1 / 1000],
  [/_(milliseconds|ms)$/, 1],
  [/_(microseconds|us)$/, 1000],
];

export interface FasterThan {
  /** The bucket boundary in the histogram's unit. */
  value: number;
  /** True when a duration was given and the histogram's name does not say its unit (seconds assumed). */
  unitAssumed: boolean;
}

/**
 * `faster_than` as the bucket boundary: a plain number is already in the histogram's unit; a
 * duration (250ms, 2s) is converted into the unit its name ends with, seconds when it names
 * none. undefined when a string is not a Prometheus duration.
 */
export function fasterThan(v: number | string, histogram: string): FasterThan | undefined {
  if (typeof v === 'number') return { value: v, unitAssumed: false };
  const ms = parseDuration(v);
  if (ms === undefined) return undefined;
  const unit = UNIT_SUFFIXES.find(([re]) => re.test(histogram));
  return { value: Number((ms * (unit ? unit[1] : 1 / 1000)).toPrecision(15)), unitAssumed: !unit };
}
