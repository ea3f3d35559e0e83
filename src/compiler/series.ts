// Synthetic input series for generated promtool tests, and the arithmetic Prometheus applies
// to them. A test states what PromQL will compute, so the numbers here mirror PromQL's own
// floating-point steps (rate over a counter that starts at zero, sums, ratios) exactly.

export type Labels = Record<string, string>;

/** One promtool `input_series` entry: a value per minute from minute 0 (undefined = no sample). */
export interface InputSeries {
  name: string;
  labels: Labels;
  values: (number | undefined)[];
  /** A counter: resampling interpolates it (it grows steadily within a minute). */
  counter?: boolean;
}

/** A value that changes with the minute t (0, 1, 2, ...). */
export type Signal = (t: number) => number;

export function selectorText(name: string, labels: Labels): string {
  const inner = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ');
  return `${name}{${inner}}`;
}

/** A gauge sampled every minute. */
export function gauge(name: string, labels: Labels, v: Signal, steps: number): InputSeries {
  return { name, labels, values: Array.from({ length: steps + 1 }, (_, t) => v(t)) };
}

/**
 * A counter that starts at 0 and grows at `perSecond(t)` during minute t (t ≥ 1), so
 * rate() over it gives back perSecond once its window is full.
 */
export function counter(name: string, labels: Labels, perSecond: Signal, steps: number): InputSeries {
  const values: number[] = [0];
  for (let t = 1; t <= steps; t++) values.push(values[t - 1]! + perSecond(t) * 60);
  return { name, labels, values, counter: true };
}

/**
 * The series sampled `perMinute` times a minute instead of once: counters grow linearly
 * within each minute (so rate() over whole minutes is unchanged), gauges hold their value.
 */
export function resample(s: InputSeries, perMinute: number): InputSeries {
  if (perMinute <= 1) return s;
  const values: (number | undefined)[] = [];
  s.values.forEach((v, t) => {
    const next = s.values[t + 1];
    if (t === s.values.length - 1) {
      values.push(v);
      return;
    }
    for (let j = 0; j < perMinute; j++) {
      if (v === undefined) values.push(undefined);
      else if (s.counter && next !== undefined) values.push(Number((v + ((next - v) * j) / perMinute).toPrecision(15)));
      else values.push(v);
    }
  });
  return { ...s, values };
}

/**
 * rate(series[windowMin]) at minute t as Prometheus 2.x computes it for a counter sampled each
 * minute from 0: with the first sample at 0 the extrapolation stops at the zero point, so a
 * partly filled window gives (last - first) / window, a ramp up to the true rate.
 */
export function rateAt(s: InputSeries, windowMin: number, t: number): number | undefined {
  const from = Math.max(0, t - windowMin);
  const last = s.values[t];
  const first = s.values[from];
  if (t < 1 || last === undefined || first === undefined) return undefined;
  return (last - first) / (windowMin * 60);
}

/** The value a plain selector reads at minute t (samples every minute, so no lookback gaps). */
export function valueAt(s: InputSeries, t: number): number | undefined {
  return s.values[t];
}

/** Compact promtool notation: runs of equal steps become `a+bxn`. */
export function encodeValues(values: readonly (number | undefined)[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i];
    if (v === undefined) {
      let n = 0;
      while (i + n < values.length && values[i + n] === undefined) n++;
      out.push(n === 1 ? '_' : `_x${n}`);
      i += n;
      continue;
    }
    // Extend a run while the step stays the same. promtool expands `a+bxn` by adding b
    // again and again, so the run only holds while that sum reproduces each value exactly.
    let n = 0;
    const next = values[i + 1];
    const step = next === undefined ? 0 : next - v;
    let k = v;
    while (i + n + 1 < values.length) {
      const w = values[i + n + 1];
      k += step;
      if (w === undefined || w !== k) break;
      n++;
    }
    if (n >= 2 || (n === 1 && step === 0)) {
      out.push(step === 0 ? `${num(v)}x${n}` : `${num(v)}${step < 0 ? '-' : '+'}${num(Math.abs(step))}x${n}`);
      i += n + 1;
    } else {
      out.push(num(v));
      i += 1;
    }
  }
  return out.join(' ');
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
