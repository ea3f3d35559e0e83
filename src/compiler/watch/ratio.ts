// `ratio:` errors over total, as a fraction: either of one counter split by error labels
// (vigil writes the rates, keeps the `by` labels and makes up test input), or of two raw PromQL
// expressions. No traffic gives no result, not NaN.
import type { Sample } from '../catalog.js';
import { parseDuration } from '../duration.js';
import { matcherFn, readsVigil, sampleLabels, vigilJob } from './shared.js';
import { matcherString, matches } from '../selectors.js';
import { counter, rateAt, type Labels } from '../series.js';
import type { SelectorSpec } from '../spec.js';
import type { WatchKind } from './types.js';

export const ratio: WatchKind = {
  key: 'ratio',
  modelKind: 'ratio',
  condition: () => 'required',
  modifiers: false,
  over: true,
  selectable: (a) => (a.ratio && 'total' in a.ratio ? [] : undefined),
  fromVigil: (a, sel) => ('total' in a.ratio! ? readsVigil(a.ratio.errors, a.ratio.total) : vigilJob(sel['job'])),
  source: (a, sel) => {
    const m = matcherFn(sel);
    if ('total' in a.ratio!) {
      const e = a.ratio.errors.trim();
      const t = a.ratio.total.trim();
      return {
        watched: `(${e} or 0 * ${t}) / (${t} > 0)`,
        fraction: true,
        unit: 'percentunit',
        what: 'error ratio',
        noTest: 'its errors and total are raw PromQL: add examples',
      };
    }
    const r = a.ratio!;
    const by = r.by ?? ['instance', 'job'];
    const w = r.window ?? '5m';
    const grouping = by.length ? `sum by (${by.join(', ')})` : 'sum';
    const errMatchers = Object.keys(r.errors)
      .sort()
      .map((k) => matcherString(k, r.errors[k]!));
    const errors = `${grouping} (rate(${r.metric}${m(...errMatchers)}[${w}]))`;
    const total = `${grouping} (rate(${r.metric}${m()}[${w}]))`;
    return {
      watched: `(${errors} or 0 * ${total}) / (${total} > 0)`,
      fraction: true,
      kept: [...by].sort(),
      unit: 'percentunit',
      what: `${r.metric} error ratio`,
      sample: (v, instance, steps) => {
        const base = sampleLabels(instance, {}, sel);
        const bad = base && labelsMatching(base, r.errors, true);
        const good = base && labelsMatching(base, r.errors, false);
        if (!base || !bad || !good) return undefined;
        return { sample: ratioSample(r.metric, bad, good, v(1), parseDuration(w)! / 60_000, steps), labels: base };
      },
    };
  },
  check: ({ a, path, checkPromql }) => {
    if (a.ratio && 'total' in a.ratio) {
      checkPromql([...path, 'ratio', 'errors'], a.ratio.errors);
      checkPromql([...path, 'ratio', 'total'], a.ratio.total);
    }
  },
};

const ERROR_GUESSES = ['500', '503', '5xx', 'error', 'failed', 'failure', 'true', '1'];
const GOOD_GUESSES = ['200', '2xx', 'ok', 'success', 'false', '0'];

/** Labels of an error series (want = true) or a good one, for the errors matchers. */
function labelsMatching(base: Labels, errors: SelectorSpec, want: boolean): Labels | undefined {
  const out = { ...base };
  const entries = Object.entries(errors);
  if (want) {
    for (const [k, m] of entries) {
      const v = typeof m === 'string' ? m : ERROR_GUESSES.find((g) => matches(g, m));
      if (v === undefined) return undefined;
      out[k] = v;
    }
    return out;
  }
  // A good series fails the first matcher and keeps the others' error values.
  const [first] = entries;
  if (!first) return undefined;
  const v = GOOD_GUESSES.find((g) => !matches(g, first[1]));
  if (v === undefined) return undefined;
  out[first[0]] = v;
  for (const [k, m] of entries.slice(1)) {
    const e = typeof m === 'string' ? m : ERROR_GUESSES.find((g) => matches(g, m));
    if (e === undefined) return undefined;
    out[k] = e;
  }
  return out;
}

function ratioSample(metric: string, bad: Labels, good: Labels, v: number, windowMin: number, steps: number): Sample {
  const total = 10;
  const err = counter(metric, bad, () => total * v, steps);
  const ok = counter(metric, good, () => total * (1 - v), steps);
  return {
    series: [err, ok],
    value: (t) => {
      const e = rateAt(err, windowMin, t);
      const o = rateAt(ok, windowMin, t);
      if (e === undefined || o === undefined) return undefined;
      const sum = e + o;
      return sum > 0 ? e / sum : undefined;
    },
  };
}
