// The threshold judge: the watched value (any watch kind with a PromQL source, watch/)
// compared with one or more levels, optionally aggregated `over` a window first.
import { formatDuration, parseDuration } from '../duration.js';
import type { Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, constant, thresholdScenario, tooLongToSimulate, witnesses } from '../plan.js';
import { absenceWindowMs, bridged, bridgeMs, rateWindow, ruleForMs, testIntervalSeconds } from '../timing.js';
import { detection } from '../detection.js';
import { keepConditions, withHysteresis } from '../hysteresis.js';
import { resample } from '../series.js';
import type { AlertSpec, OverSpec } from '../spec.js';
import { watchOf, type Source } from '../watch/index.js';
import {
  capitalize,
  conditionExpr,
  describeCondition,
  legendOf,
  levelsOf,
  subject,
  unitFormatter,
  valueTemplate,
  type LevelSpec,
} from './common.js';
import { pick } from '../watch/shared.js';
import type { Built, BuiltLevel, KindInput } from './types.js';

export function buildThreshold({ a, res, scrapeMs = 15_000 }: KindInput): Built {
  // A friendly metric over counters gets a short rate window, taken out of the rule's `for`
  // so the whole wait is what the user wrote (timing.ts).
  const rw = res.metric?.rateBased ? rateWindow(scrapeMs) : undefined;
  const kind = watchOf(a)!;
  const src = kind.source!(a, res.selector, res, rw);
  const fixed = kind.fixedLevel?.(a);
  const levels: LevelSpec[] = fixed ? levelsOf(a, res.severity, fixed) : levelsOf(a, res.severity, undefined, res.order);
  const raw = a.expr !== undefined && !levels.length;

  // A scrape gap shorter than the wait holds the last value of a friendly metric (timing.ts).
  const bridge = kind.bridges && !a.over ? bridgeMs(res.forMs, scrapeMs) : undefined;
  const watched = a.over
    ? overTime(src.watched, a.over, src.plain)
    : bridge
      ? bridged(src.watched, !!src.plain, bridge, scrapeMs)
      : src.watched;
  const ruleFor = rw ? ruleForMs(res.forMs, rw.minutes * 60_000) : undefined;
  const fmt = unitFormatter(src.metric ?? src.display, src.fraction);
  const who = subject(src.kept);
  const on = who ? ` on ${who}` : '';
  const keeps = keepConditions(a, res.severity, res.order);
  const built = levels.map((l) => {
    const cond = describeCondition(l.when, fmt);
    const overText = a.over ? ` (${a.over.using} over ${a.over.window})` : '';
    const words = { a, res, src, who, on };
    const summary =
      kind.summary?.(words) ??
      `${capitalize(src.what)}${overText}${on} is ${valueTemplate(src.metric ?? src.display, src.fraction)}, ${cond}`;
    const description =
      kind.description?.(words) ??
      `${src.metric?.help ?? src.help ?? src.what}${overText}; fires when it ${res.forMs ? `stays ${cond} for ${formatDuration(res.forMs)}` : `is ${cond}`}.`;
    const keep = keeps.get(l.severity);
    const fire = conditionExpr(watched, l.when);
    const expr =
      raw || kind.absence
        ? watched
        : keep
          ? withHysteresis(fire, watched, keep, {
              alert: a.alert,
              severity: l.severity,
              kept: src.kept,
              ruleLabels: Object.keys(res.labels),
            })
          : fire;
    const level: BuiltLevel = {
      ...l,
      expr,
      summary,
      description: keep
        ? `${description.replace(/\.$/, '')}; once firing it clears only when no longer ${describeCondition(keep, fmt)}.`
        : description,
    };
    if (ruleFor !== undefined) level.forMs = ruleFor;
    level.detection = detection({
      a,
      waitMs: res.forMs,
      ruleForMs: ruleFor ?? res.forMs,
      condition: `${src.metric?.name ?? src.what} ${describeCondition(l.when, fmt)}`,
      rateMs: rw ? rw.minutes * 60_000 : undefined,
      bridgeMs: bridge,
      absenceMs: a.absent !== undefined ? absenceWindowMs(a, res) : undefined,
      staleMs: a.stale ? parseDuration(a.stale.older_than) : undefined,
    });
    return level;
  });
  if (raw) {
    built.push({
      severity: res.severity,
      when: [],
      expr: watched,
      summary: `${a.alert}${on} (value {{ $value | humanize }})`,
      description: `Raw PromQL condition of ${a.alert}.`,
    });
  }

  const out: Built = {
    kind: kind.modelKind,
    watched: { expr: watched },
    levels: built,
  };
  const legend = legendOf(src.kept);
  if (legend !== undefined) out.watched.legend = legend;
  if (src.unit) out.watched.unit = src.unit;
  if (src.metric) {
    out.watched.humanize = src.metric.humanize;
    out.watched.suffix = src.metric.suffix;
    out.watched.metric = src.metric.name;
  } else if (src.display) {
    out.watched.humanize = src.display.humanize;
    out.watched.suffix = src.display.suffix;
  }
  if (src.fraction) out.watched.humanize = 'humanizePercentage';
  if (src.kept) out.keptLabels = src.kept;
  if (raw || !src.sample) {
    out.noTestReason = raw ? 'its PromQL carries its own condition' : (src.noTest ?? 'vigil cannot make up input series for it');
    return out;
  }
  const tooLong = tooLongToSimulate(testSteps(a, res.forMs));
  if (tooLong) {
    out.noTestReason = tooLong;
    return out;
  }
  const scenarios = scenariosFor(a, levels, src, res.forMs, rw?.fullSamples ? testIntervalSeconds(scrapeMs) : 60, !!kind.absence);
  if (scenarios) out.scenarios = scenarios;
  else out.noTestReason = 'no sample series satisfy its selector';
  return out;
}

function scenariosFor(
  a: AlertSpec,
  levels: LevelSpec[],
  src: Source,
  forMs: number,
  intervalSeconds: number,
  absence: boolean,
): Scenario[] | undefined {
  const ws = absence
    ? [{ severity: levels[0]!.severity, value: 1 }, { value: 0 }]
    : witnesses(levels, src.metric?.domain ?? src.domain ?? (src.fraction ? { min: 0, max: 1 } : {}));
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
      case 'min':
        return Math.min(...xs);
      case 'max':
        return Math.max(...xs);
      case 'last':
        return xs[xs.length - 1];
      case 'avg': {
        // Prometheus averages incrementally; for the sample series used here the result is the same.
        let mean = 0;
        xs.forEach((x, i) => {
          mean += x / (i + 1) - mean / (i + 1);
        });
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
