// Threshold-like alerts: a value compared with one or more levels. The value is a friendly
// metric (also behind the probe shorthands and target_down), raw PromQL, a ratio of errors
// over total, a histogram percentile, or absent_over_time of a metric.
import type { FriendlyMetric, RateWindow, Sample } from '../catalog.js';
import { CATALOG } from '../conventions.js';
import { formatDuration, parseDuration } from '../duration.js';
import type { Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, constant, thresholdScenario, tooLongToSimulate, witnesses } from '../plan.js';
import { plainSelector } from '../promql.js';
import { matches, type Resolved } from '../resolve.js';
import { absenceWindowMs, bridged, bridgeMs, rateWindow, ruleForMs, testIntervalSeconds } from '../timing.js';
import { detection } from '../detection.js';
import { keepConditions, withHysteresis } from '../hysteresis.js';
import { counter, gauge, rateAt, resample, type InputSeries, type Labels, type Signal } from '../series.js';
import type { AlertSpec, MatcherSpec, OverSpec, SelectorSpec } from '../spec.js';
import {
  conditionExpr, describeCondition, levelsOf, matcherFn, sampleLabels, subject, title, unitFormatter, valueTemplate, type Display, type LevelSpec,
} from './common.js';
import { UNIT_DISPLAY } from '../units.js';
import type { Built, BuiltLevel, KindInput } from './types.js';

export interface Source {
  watched: string;
  metric?: FriendlyMetric;
  fraction?: boolean;
  kept?: string[];
  /** Sample series for a level value, or undefined if vigil cannot make them up. */
  sample?: (v: Signal, instance: string, steps: number) => { sample: Sample; labels: Labels } | undefined;
  noTest?: string;
  unit?: string;
  what: string;
  plain?: boolean;
  /** How values print when no friendly metric says (an `expr:` with `unit:`). */
  display?: Display;
}

export function buildThreshold({ a, res, scrapeMs = 15_000 }: KindInput): Built {
  // A friendly metric over counters gets a short rate window, taken out of the rule's `for`
  // so the whole wait is what the user wrote (timing.ts).
  const rw = res.metric?.rateBased ? rateWindow(scrapeMs) : undefined;
  const src = source(a, res.selector, res, rw);
  let levels: LevelSpec[] = levelsOf(a, res.severity, undefined, res.order);
  if (a.probe === 'failing') levels = levelsOf(a, res.severity, { key: 'equal', value: 0 });
  if (a.target_down) levels = levelsOf(a, res.severity, { key: 'equal', value: 0 });
  if (a.absent !== undefined) levels = levelsOf(a, res.severity, { key: 'equal', value: 1 });
  const raw = a.expr !== undefined && !levels.length;

  // A scrape gap shorter than the wait holds the last value of a friendly metric (timing.ts).
  const bridge = res.metric && !a.target_down && !a.over ? bridgeMs(res.forMs, scrapeMs) : undefined;
  const watched = a.over ? overTime(src.watched, a.over, src.plain)
    : bridge ? bridged(src.watched, !!src.plain, bridge, scrapeMs) : src.watched;
  const ruleFor = rw ? ruleForMs(res.forMs, rw.minutes * 60_000) : undefined;
  const fmt = unitFormatter(src.metric ?? src.display, src.fraction);
  const who = subject(src.kept);
  const on = who ? ` on ${who}` : '';
  const keeps = keepConditions(a, res.severity, res.order);
  const built = levels.map((l) => {
    const cond = describeCondition(l.when, fmt);
    const overText = a.over ? ` (${a.over.using} over ${a.over.window})` : '';
    let summary: string;
    if (a.probe === 'failing') summary = `Probe ${who || '{{ $labels.probe }}'} is failing`;
    else if (a.target_down) summary = `Prometheus cannot scrape ${who || 'the target'}`;
    else if (a.absent !== undefined) summary = `${src.what} is missing${on}`;
    else if (a.probe === 'cert_expiring') summary = `Certificate of ${who} expires in {{ $value | humanizeDuration }}`;
    else summary = `${capitalize(src.what)}${overText}${on} is ${valueTemplate(src.metric ?? src.display, src.fraction)}, ${cond}`;
    const description = a.absent !== undefined
      ? `No series of ${src.what} for ${formatDuration(absenceWindowMs(a, res))}: the exporter, the scrape or the metric is gone.`
      : `${src.metric ? src.metric.help : src.what}${overText}; fires when it ${res.forMs ? `stays ${cond} for ${formatDuration(res.forMs)}` : `is ${cond}`}.`;
    const keep = keeps.get(l.severity);
    const fire = conditionExpr(watched, l.when);
    const expr = raw || a.absent !== undefined ? watched
      : keep ? withHysteresis(fire, watched, keep, { alert: a.alert, severity: l.severity, kept: src.kept, ruleLabels: Object.keys(res.labels) }) : fire;
    const level: BuiltLevel = { ...l, expr, summary, description: keep ? `${description.replace(/\.$/, '')}; once firing it clears only when no longer ${describeCondition(keep, fmt)}.` : description };
    if (ruleFor !== undefined) level.forMs = ruleFor;
    level.detection = detection({ a, waitMs: res.forMs, ruleForMs: ruleFor ?? res.forMs, condition: `${src.metric?.name ?? src.what} ${describeCondition(l.when, fmt)}`, rateMs: rw ? rw.minutes * 60_000 : undefined, bridgeMs: bridge, absenceMs: a.absent !== undefined ? absenceWindowMs(a, res) : undefined });
    return level;
  });
  if (raw) {
    built.push({ severity: res.severity, when: [], expr: watched, summary: `${a.alert}${on} (value {{ $value | humanize }})`, description: `Raw PromQL condition of ${a.alert}.` });
  }

  const out: Built = {
    kind: a.probe ? 'probe' : a.absent !== undefined || a.target_down ? 'absence' : a.ratio ? 'ratio' : a.latency ? 'latency' : 'threshold',
    watched: { expr: watched, legend: legendOf(src.kept) },
    levels: built,
  };
  if (src.unit) out.watched.unit = src.unit;
  if (src.metric) { out.watched.humanize = src.metric.humanize; out.watched.suffix = src.metric.suffix; out.watched.metric = src.metric.name; }
  else if (src.display) { out.watched.humanize = src.display.humanize; out.watched.suffix = src.display.suffix; }
  if (src.fraction) out.watched.humanize = 'humanizePercentage';
  if (src.kept) out.keptLabels = src.kept;
  if (raw || !src.sample) {
    out.noTestReason = raw ? 'its PromQL carries its own condition' : src.noTest ?? 'vigil cannot make up input series for it';
    return out;
  }
  const tooLong = tooLongToSimulate(testSteps(a, res.forMs));
  if (tooLong) {
    out.noTestReason = tooLong;
    return out;
  }
  const scenarios = scenariosFor(a, levels, src, res.forMs, rw?.fullSamples ? testIntervalSeconds(scrapeMs) : 60);
  if (scenarios) out.scenarios = scenarios;
  else out.noTestReason = 'no sample series satisfy its selector';
  return out;
}

function scenariosFor(a: AlertSpec, levels: LevelSpec[], src: Source, forMs: number, intervalSeconds: number): Scenario[] | undefined {
  const ws = a.absent !== undefined ? [{ severity: levels[0]!.severity, value: 1 }, { value: 0 }] : witnesses(levels, src.metric?.domain ?? (src.fraction ? { min: 0, max: 1 } : {}));
  if (!ws) return undefined;
  const steps = testSteps(a, forMs);
  const out: Scenario[] = [];
  for (const w of ws) {
    const instance = w.severity ? `${w.severity}-case` : 'calm-case';
    const made = src.sample!(constant(w.value), instance, steps);
    if (!made) return undefined;
    const name = w.severity ? `fires ${w.severity} at ${w.value}` : `stays silent at ${w.value}`;
    const transform = a.over ? aggregateOverTime(a.over) : undefined;
    const scenario = thresholdScenario(name, made.sample, steps, pick(made.labels, src.kept), levels, transform);
    if (intervalSeconds !== 60) {
      // A rate over full windows needs every scrape Prometheus would make, not one a minute.
      scenario.series = scenario.series.map((x) => resample(x, 60 / intervalSeconds));
      scenario.intervalSeconds = intervalSeconds;
    }
    out.push(scenario);
  }
  return out;
}

function testSteps(a: AlertSpec, forMs: number): number {
  const overMin = a.over ? parseDuration(a.over.window)! / 60_000 : 0;
  return Math.ceil(forMs / 60_000) + overMin + 5 + TEST_MINUTES_AFTER;
}

export function source(a: AlertSpec, sel: SelectorSpec, res?: Pick<Resolved, 'forMs' | 'forExplicit'>, rw?: RateWindow): Source {
  const m = matcherFn(sel);
  const metric: FriendlyMetric | undefined = a.metric ? CATALOG.get(a.metric)
    : a.probe ? CATALOG.get({ failing: 'probe_success', slow: 'probe_latency_seconds', cert_expiring: 'probe_cert_expiry_seconds' }[a.probe])
      : a.target_down ? CATALOG.get('target_up') : undefined;
  if (metric) {
    return {
      watched: metric.promql(m, rw), metric, kept: metric.keep, unit: metric.unit, what: title(metric), plain: metric.promql(() => '') === metric.selector,
      sample: (v, instance, steps) => {
        const labels = sampleLabels(instance, metric.sampleLabels, sel);
        return labels ? { sample: metric.sample(v, steps, labels, rw), labels } : undefined;
      },
    };
  }
  if (a.expr !== undefined) {
    const plain = plainSelector(a.expr);
    const src: Source = { watched: a.expr.trim(), what: plain?.metric ?? 'the value', plain: !!plain, noTest: 'its PromQL is more than a plain selector: add examples' };
    if (a.unit) {
      src.display = UNIT_DISPLAY[a.unit];
      src.unit = UNIT_DISPLAY[a.unit].unit;
      if (a.unit === 'ratio') src.fraction = true;
    }
    if (plain && !plain.others) {
      src.kept = [...new Set(['instance', 'job', ...Object.keys(plain.equal)])].sort();
      src.sample = (v, instance, steps) => {
        const labels = { instance, job: 'vigil', ...plain.equal };
        return { sample: gaugeSample(plain.metric, labels, v, steps), labels };
      };
    }
    return src;
  }
  if (a.ratio) {
    if ('total' in a.ratio) {
      const e = a.ratio.errors.trim();
      const t = a.ratio.total.trim();
      return { watched: `(${e} or 0 * ${t}) / (${t} > 0)`, fraction: true, unit: 'percentunit', what: 'error ratio', noTest: 'its errors and total are raw PromQL: add examples' };
    }
    const r = a.ratio;
    const by = r.by ?? ['instance', 'job'];
    const w = r.window ?? '5m';
    const grouping = by.length ? `sum by (${by.join(', ')})` : 'sum';
    const errMatchers = Object.keys(r.errors).sort().map((k) => matcherText(k, r.errors[k]!));
    const errors = `${grouping} (rate(${r.metric}${m(...errMatchers)}[${w}]))`;
    const total = `${grouping} (rate(${r.metric}${m()}[${w}]))`;
    return {
      watched: `(${errors} or 0 * ${total}) / (${total} > 0)`, fraction: true, kept: [...by].sort(), unit: 'percentunit', what: `${r.metric} error ratio`,
      sample: (v, instance, steps) => {
        const base = sampleLabels(instance, {}, sel);
        const bad = base && labelsMatching(base, r.errors, true);
        const good = base && labelsMatching(base, r.errors, false);
        if (!base || !bad || !good) return undefined;
        return { sample: ratioSample(r.metric, bad, good, v(1), parseDuration(w)! / 60_000, steps), labels: base };
      },
    };
  }
  if (a.latency) {
    const l = a.latency;
    const by = l.by ?? ['instance', 'job'];
    const w = l.window ?? '5m';
    const what = `p${+(l.quantile * 100).toPrecision(4)} latency of ${l.histogram}`;
    return {
      watched: `histogram_quantile(${l.quantile}, sum by (${['le', ...by].join(', ')}) (rate(${l.histogram}_bucket${m()}[${w}])))`,
      kept: [...by].sort(), unit: 's', what,
      // Units and formatting of a duration in seconds, borrowed; the wording is this histogram's own.
      metric: { ...CATALOG.get('probe_latency_seconds')!, domain: { min: 0 }, suffix: '', help: `${capitalize(what)} over ${w}, from the rate of its buckets` },
      sample: (v, instance, steps) => {
        const labels = sampleLabels(instance, {}, sel);
        return labels ? { sample: histogramSample(l.histogram, labels, v(1), l.quantile, parseDuration(w)! / 60_000, steps), labels } : undefined;
      },
    };
  }
  // absent
  const spec = typeof a.absent === 'string' ? { metric: a.absent } : a.absent!;
  const plain = plainSelector(spec.metric)!;
  const window = formatDuration(absenceWindowMs(a, res ?? { forMs: 0, forExplicit: false }));
  // Labels the selector text already constrains keep their matcher: a second one for the same
  // label would stop absent_over_time() from carrying it into the alert.
  const extra = Object.fromEntries(Object.entries(sel).filter(([k]) => !(k in plain.equal) && !new RegExp(`[{,]\\s*${k}\\s*[=!]`).test(spec.metric)));
  sel = extra;
  const selector = selectorWith(spec.metric, plain, sel);
  const kept = Object.keys({ ...plain.equal, ...exactOnly(sel) }).sort();
  return {
    watched: `absent_over_time(${selector}[${window}])`, kept, what: plain.metric,
    sample: (v, instance, steps) => {
      const labels = { instance, job: 'vigil', ...plain.equal, ...exactOnly(sel) };
      if (plain.others) return undefined;
      const missing = v(0) === 1;
      const series: InputSeries[] = missing ? [] : [gauge(plain.metric, labels, () => 1, steps)];
      return { sample: { series, value: () => (missing ? 1 : undefined) }, labels: pick({ ...plain.equal, ...exactOnly(sel) }, kept) };
    },
  };
}

function selectorWith(text: string, plain: { metric: string }, sel: SelectorSpec): string {
  const extra = matcherFn(sel)();
  if (!extra) return text.trim();
  const inner = extra.slice(1, -1);
  const t = text.trim();
  if (t.endsWith('}')) return `${t.slice(0, -1).trimEnd()}${t.endsWith('{}') ? '' : ', '}${inner}}`;
  return `${plain.metric}{${inner}}`;
}

function exactOnly(sel: SelectorSpec): Labels {
  return Object.fromEntries(Object.entries(sel).filter(([, v]) => typeof v === 'string')) as Labels;
}

function matcherText(label: string, m: MatcherSpec): string {
  if (typeof m === 'string') return `${label}=${JSON.stringify(m)}`;
  if ('regex' in m) return `${label}=~${JSON.stringify(m.regex)}`;
  if ('not_regex' in m) return `${label}!~${JSON.stringify(m.not_regex)}`;
  return `${label}!=${JSON.stringify(m.not)}`;
}

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

function gaugeSample(metric: string, labels: Labels, v: Signal, steps: number): Sample {
  const s = gauge(metric, labels, v, steps);
  return { series: [s], value: (t) => s.values[t] };
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

/** All observations in one bucket (0, v/q], so histogram_quantile(q) interpolates to v. */
function histogramSample(name: string, labels: Labels, v: number, q: number, windowMin: number, steps: number): Sample {
  const hi = v / q;
  const perSecond = 10;
  const b1 = counter(`${name}_bucket`, { ...labels, le: String(hi) }, () => perSecond, steps);
  const inf = counter(`${name}_bucket`, { ...labels, le: '+Inf' }, () => perSecond, steps);
  return {
    series: [b1, inf],
    value: (t) => {
      const c = rateAt(b1, windowMin, t);
      const n = rateAt(inf, windowMin, t);
      if (c === undefined || n === undefined || n === 0) return undefined;
      const rank = q * n;
      return 0 + (hi - 0) * (rank / c);
    },
  };
}

/** Aggregation over time of the watched value: a range selector if it is plain, else a subquery. */
function overTime(watched: string, o: OverSpec, plain?: boolean): string {
  const fn = o.using === 'last' ? 'last_over_time' : `${o.using}_over_time`;
  const range = plain ? `${watched}[${o.window}]` : `(${watched})[${o.window}:1m]`;
  return o.using === 'quantile' ? `quantile_over_time(${o.quantile ?? 0.5}, ${range})` : `${fn}(${range})`;
}

/** What the aggregation returns at minute t, over the values at the minutes of its window. */
function aggregateOverTime(o: OverSpec): (v: (t: number) => number | undefined, t: number) => number | undefined {
  const w = parseDuration(o.window)! / 60_000;
  return (v, t) => {
    const xs: number[] = [];
    for (let s = Math.max(0, t - w); s <= t; s++) {
      const x = v(s);
      if (x !== undefined) xs.push(x);
    }
    if (!xs.length) return undefined;
    switch (o.using) {
      case 'min': return Math.min(...xs);
      case 'max': return Math.max(...xs);
      case 'last': return xs[xs.length - 1];
      case 'avg': {
        // Prometheus averages incrementally; for the sample series used here the result is the same.
        let mean = 0;
        xs.forEach((x, i) => { mean += x / (i + 1) - mean / (i + 1); });
        return mean;
      }
      case 'quantile': {
        const q = o.quantile ?? 0.5;
        const sorted = [...xs].sort((a, b) => a - b);
        const rank = q * (sorted.length - 1);
        const lo = Math.max(0, Math.floor(rank));
        const hi = Math.min(sorted.length - 1, lo + 1);
        const weight = rank - Math.floor(rank);
        return sorted[lo]! * (1 - weight) + sorted[hi]! * weight;
      }
    }
  };
}

export function pick(labels: Labels, keep: readonly string[] | undefined): Labels {
  if (!keep) return labels;
  return Object.fromEntries(keep.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]!]));
}

export function legendOf(kept: readonly string[] | undefined): string | undefined {
  if (!kept?.length) return undefined;
  return kept.filter((k) => k !== 'job').map((k) => `{{${k}}}`).join(' ');
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
