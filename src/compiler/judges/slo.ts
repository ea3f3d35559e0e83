// SLO alerts: the error ratio recorded over the standard windows, the error budget left over
// the period, and multi-window multi-burn-rate alerts (page and ticket) in the scheme of the
// Google SRE workbook. Long windows divide sums of the 5m rates, so every window is weighted
// by traffic, and every division is guarded so that no traffic gives no result, not NaN.
import { topSeverities } from '../severities.js';
import { SLO_BURN_ALERTS, SLO_DEFAULT_PERIOD, SLO_LABEL, SLO_WINDOWS, kebab, promNumber, sloRecord } from '../conventions.js';
import { parseDuration } from '../duration.js';
import type { RecordModel, Scenario } from '../model.js';
import { TEST_MINUTES_AFTER, tooLongToSimulate } from '../plan.js';
import { counter, rateAt, type InputSeries } from '../series.js';
import { matcherString, matches } from '../selectors.js';
import { fasterThan, leMatcher } from './bucket.js';
import { matcherFn, sampleLabels } from '../watch/shared.js';
import type { Built, KindInput } from './types.js';

export function buildSlo({ a, res }: KindInput): Built {
  const slo = a.slo!;
  const id = kebab(a.alert);
  const sel = `{${SLO_LABEL}="${id}"}`;
  const objective = (typeof slo.objective === 'string' ? parseFloat(slo.objective) : slo.objective) / 100;
  const budget = Number((1 - objective).toPrecision(12));
  const period = slo.period ?? SLO_DEFAULT_PERIOD;
  const by = slo.by ?? [];
  const grouping = by.length ? `sum by (${by.join(', ')})` : 'sum';
  const m = matcherFn(res.selector);
  let errors: string;
  let total: string;
  if (slo.availability) {
    const av = slo.availability;
    const errM = Object.keys(av.errors)
      .sort()
      .map((k) => matcherString(k, av.errors[k]!));
    total = `${grouping} (rate(${av.metric}${m()}[5m]))`;
    errors = `${grouping} (rate(${av.metric}${m(...errM)}[5m])) or 0 * ${total}`;
  } else if (slo.latency) {
    const le = fasterThan(slo.latency.faster_than, slo.latency.histogram)!.value;
    total = `${grouping} (rate(${slo.latency.histogram}_count${m()}[5m]))`;
    errors = `${total} - ${grouping} (rate(${slo.latency.histogram}_bucket${m(leMatcher(le))}[5m]))`;
  } else {
    total = slo.events!.total.replace(/\$window/g, '5m').trim();
    errors = `(${slo.events!.errors.replace(/\$window/g, '5m').trim()}) or 0 * (${total})`;
  }
  const labels = { [SLO_LABEL]: id };
  const windows = [...new Set([...SLO_WINDOWS, period])];
  const ratio = (w: string) =>
    w === '5m'
      ? `${sloRecord.errors}${sel} / (${sloRecord.requests}${sel} > 0)`
      : `sum_over_time(${sloRecord.errors}${sel}[${w}]) / (sum_over_time(${sloRecord.requests}${sel}[${w}]) > 0)`;
  const records: RecordModel[] = [
    { record: sloRecord.errors, expr: errors, labels },
    { record: sloRecord.requests, expr: total, labels },
    ...windows.map((w) => ({ record: sloRecord.errorRatio(w), expr: ratio(w), labels })),
    { record: sloRecord.budgetRemaining, expr: `1 - ${sloRecord.errorRatio(period)}${sel} / ${promNumber(budget)}`, labels },
  ];
  // The page is the rule set's most severe level, the ticket the next one.
  const named = topSeverities(res.order);
  const severityOf = (s: string) => (s === 'critical' ? named.page : named.ticket);
  const levels = SLO_BURN_ALERTS.map((b) => {
    const expr = b.pairs
      .map((p) => {
        const limit = promNumber(p.factor * budget);
        return `(${sloRecord.errorRatio(p.short)}${sel} > ${limit} and ${sloRecord.errorRatio(p.long)}${sel} > ${limit})`;
      })
      .join(' or ');
    const page = b.severity === 'critical';
    return {
      severity: severityOf(b.severity),
      when: b.pairs.map((p) => [{ op: '>' as const, value: p.factor * budget }]),
      expr,
      forMs: res.forExplicit ? res.forMs : parseDuration(b.for)!,
      summary: `SLO {{ $labels.slo }}: error budget burning ${page ? 'fast' : 'steadily'} (error ratio {{ $value | humanizePercentage }})`,
      description:
        `${page ? 'Page' : 'Ticket'}: the error ratio is above ${b.pairs.map((p) => `${p.factor}x the budget over ${p.short} and ${p.long}`).join(', or ')}` +
        ` (objective ${promNumber(objective * 100)}% over ${period}).`,
    };
  });
  const built: Built = {
    kind: 'slo',
    watched: { expr: `${sloRecord.errorRatio('5m')}${sel}`, unit: 'percentunit', humanize: 'humanizePercentage', legend: '{{slo}}' },
    records,
    levels,
    keptLabels: [SLO_LABEL, ...by].sort(),
    slo: {
      objective,
      period,
      budgetRemainingExpr: `${sloRecord.budgetRemaining}${sel}`,
      burnRates: SLO_WINDOWS.map((w) => ({ window: w, expr: `${sloRecord.errorRatio(w)}${sel} / ${promNumber(budget)}` })),
      factors: SLO_BURN_ALERTS.flatMap((b) => b.pairs.map((p) => ({ factor: p.factor, severity: severityOf(b.severity) }))),
    },
  };
  const scen = scenarios(a, res, built, labels, by);
  if (typeof scen === 'string') built.noTestReason = scen;
  else if (scen) built.scenarios = scen;
  else built.noTestReason = 'events SLOs are raw PromQL: add examples';
  return built;
}

/**
 * All requests failing (both levels fire after their `for`) and none failing (silent); a
 * string says why there are none.
 */
function scenarios(
  a: KindInput['a'],
  res: KindInput['res'],
  built: Built,
  sloLabels: Record<string, string>,
  by: string[],
): Scenario[] | string | undefined {
  const slo = a.slo!;
  if (slo.events) return undefined;
  const maxFor = Math.max(...built.levels.map((l) => l.forMs ?? res.forMs));
  const steps = Math.ceil(maxFor / 60_000) + 5 + TEST_MINUTES_AFTER;
  const tooLong = tooLongToSimulate(steps);
  if (tooLong) return tooLong;
  const out: Scenario[] = [];
  for (const failing of [true, false]) {
    const base = sampleLabels(failing ? 'failing-case' : 'healthy-case', {}, res.selector);
    if (!base) return undefined;
    let series: InputSeries[];
    if (slo.availability) {
      const errs = slo.availability.errors;
      const bad = { ...base };
      const good = { ...base };
      for (const [k, m] of Object.entries(errs)) {
        const e = typeof m === 'string' ? m : ['500', '503', 'error', 'true'].find((g) => matches(g, m));
        const g = ['200', 'ok', 'false'].find((x) => !matches(x, m));
        if (e === undefined || g === undefined) return undefined;
        bad[k] = e;
        good[k] = g;
      }
      series = [
        counter(slo.availability.metric, bad, () => (failing ? 10 : 0), steps),
        counter(slo.availability.metric, good, () => (failing ? 0 : 10), steps),
      ];
    } else {
      const h = slo.latency!.histogram;
      series = [
        counter(`${h}_count`, base, () => 10, steps),
        counter(`${h}_bucket`, { ...base, le: String(fasterThan(slo.latency!.faster_than, h)!.value) }, () => (failing ? 0 : 10), steps),
      ];
    }
    const ratio = (t: number): number | undefined => {
      const rates = series.map((s) => rateAt(s, 5, t));
      if (rates.some((r) => r === undefined)) return undefined;
      const [x, y] = rates as [number, number];
      const total = slo.availability ? x + y : x;
      const errors = slo.availability ? x : x - y;
      return total > 0 ? errors / total : undefined;
    };
    const labels: Record<string, string> = { ...sloLabels };
    for (const l of by) if (base[l] !== undefined) labels[l] = base[l]!;
    out.push({
      name: failing ? 'fires when every request fails' : 'stays silent when no request fails',
      series,
      steps,
      labels,
      value: (i, t) => {
        const r = ratio(t);
        const level = built.levels[i]!;
        return r !== undefined && level.when.some((set) => set.every((c) => r > c.value)) ? r : undefined;
      },
    });
  }
  return out;
}
