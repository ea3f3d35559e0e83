// Trend alerts: "will be below X within H" (predict_linear over a lookback) and "rising or
// falling faster than R per T" (deriv for gauges; rate or increase for counters).
import { thresholdNumber } from '../alert-unit.js';
import { promNumber } from '../conventions.js';
import { parseDuration } from '../duration.js';
import type { Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, constant, niceCeil, tooLongToSimulate } from '../plan.js';
import type { Signal } from '../series.js';
import { sourceOf } from '../watch/index.js';
import { capitalize, legendOf, subject, unitFormatter } from './common.js';
import { pick, title } from '../watch/shared.js';
import type { Built, KindInput } from './types.js';

export function buildTrend({ a, res }: KindInput): Built {
  const t = a.trend!;
  const src = sourceOf(a, res.selector);
  const lookback = t.lookback ?? (t.using === 'increase' ? t.per! : '1h');
  const range = src.plain ? `${src.watched}[${lookback}]` : `(${src.watched})[${lookback}:1m]`;
  const who = subject(src.kept);
  const on = who ? ` on ${who}` : '';
  const what = src.metric ? title(src.metric) : src.what;
  const fmt = unitFormatter(src.metric ?? src.display, src.fraction);
  const lookMin = parseDuration(lookback)! / 60_000;
  const num = thresholdNumber(a);
  let expr: string;
  let valueExpr: string;
  let summary: string;
  let description: string;
  let op: '>' | '<';
  let threshold: number;
  let witness: Signal;
  let project: (pts: [number, number][], t: number) => number | undefined;
  let projection: Built['trend'];

  if (t.above !== undefined || t.below !== undefined) {
    const hSec = parseDuration(t.within!)! / 1000;
    valueExpr = `predict_linear(${range}, ${hSec})`;
    op = t.below !== undefined ? '<' : '>';
    threshold = num((t.below ?? t.above)!);
    expr = `${valueExpr} ${op} ${promNumber(threshold)}`;
    summary = `${capitalize(what)}${on} is predicted to go ${op === '<' ? 'below' : 'above'} ${fmt(threshold)} within ${t.within}`;
    description = `Linear prediction over the last ${lookback} of ${src.metric?.help ?? src.what}.`;
    projection = { projectionExpr: valueExpr, horizon: t.within! };
    const span = threshold === 0 ? 1000 : Math.abs(threshold);
    const hMin = hSec / 60;
    const start = op === '<' ? threshold + span : threshold - span;
    const slope = (op === '<' ? -1 : 1) * Math.max(1, niceCeil((2 * span) / hMin));
    witness = (m) => start + slope * m;
    project = (pts, now) => {
      const r = regression(pts, now);
      return r && r.intercept + r.slope * hSec;
    };
  } else {
    const perSec = parseDuration(t.per!)! / 1000;
    const rising = t.rising_faster_than !== undefined;
    threshold = rising ? num(t.rising_faster_than!) : -num(t.falling_faster_than!);
    op = rising ? '>' : '<';
    const using = t.using ?? 'deriv';
    valueExpr = using === 'increase' ? `increase(${range})` : `${using}(${range}) * ${perSec}`;
    expr = `${valueExpr} ${op} ${promNumber(threshold)}`;
    summary = `${capitalize(what)}${on} is ${rising ? 'rising' : 'falling'} faster than ${fmt(Math.abs(threshold))} per ${t.per}`;
    description = `Change per ${t.per} measured with ${using}() over the last ${lookback}.`;
    const slopePerMin = Math.sign(threshold) * niceCeil((2 * Math.abs(threshold)) / (perSec / 60));
    witness = using === 'deriv' ? (m) => 1000 + slopePerMin * m : () => (2 * threshold) / perSec;
    project =
      using === 'deriv'
        ? (pts, now) => {
            const r = regression(pts, now);
            return r && r.slope * perSec;
          }
        : () => undefined;
  }

  const built: Built = {
    kind: 'trend',
    watched: { expr: src.watched },
    levels: [{ severity: res.severity, when: [[{ op, value: threshold }]], expr, summary, description }],
  };
  const legend = legendOf(src.kept);
  if (legend) built.watched.legend = legend;
  if (src.unit) built.watched.unit = src.unit;
  if (src.metric) built.watched.humanize = src.metric.humanize;
  if (src.kept) built.keptLabels = src.kept;
  if (projection) built.trend = projection;
  if (!src.sample || (t.using && t.using !== 'deriv')) {
    built.noTestReason = src.noTest ?? 'counter trends need examples';
    return built;
  }
  const steps = Math.ceil(res.forMs / 60_000) + 5 + TEST_MINUTES_AFTER;
  const tooLong = tooLongToSimulate(steps);
  if (tooLong) {
    built.noTestReason = tooLong;
    return built;
  }
  const scenarios: Scenario[] = [];
  for (const [name, sig, instance] of [
    ['fires while the trend holds', witness, 'trend-case'],
    ['stays silent when flat', constant(witness(0)), 'calm-case'],
  ] as const) {
    const made = src.sample(sig, instance, steps);
    if (!made) {
      built.noTestReason = 'no sample series satisfy its selector';
      return built;
    }
    const sample = made.sample;
    scenarios.push({
      name,
      series: sample.series,
      steps,
      labels: pick(made.labels, src.kept),
      value: (_i, now) => {
        const pts: [number, number][] = [];
        for (let s = Math.max(0, now - lookMin); s <= now; s++) {
          const y = sample.value(s);
          if (y !== undefined) pts.push([(s - now) * 60, y]);
        }
        const v = project(pts, now);
        return v !== undefined && (op === '<' ? v < threshold : v > threshold) ? v : undefined;
      },
    });
  }
  built.scenarios = scenarios;
  return built;
}

/** Least squares over (seconds relative to now, value), as predict_linear and deriv fit. */
function regression(pts: [number, number][], _now: number): { slope: number; intercept: number } | undefined {
  if (pts.length < 2) return undefined;
  let n = 0,
    sx = 0,
    sy = 0,
    sxy = 0,
    sx2 = 0;
  for (const [x, y] of pts) {
    n++;
    sx += x;
    sy += y;
    sxy += x * y;
    sx2 += x * x;
  }
  const cov = sxy - (sx * sy) / n;
  const varX = sx2 - (sx * sx) / n;
  const slope = cov / varX;
  return { slope, intercept: sy / n - (slope * sx) / n };
}
