// Panels of a rule-file dashboard: one per alert, drawing the watched value with the alert's
// levels as coloured areas, plus the projection (trend), the baseline band (anomaly) and the
// error budget and burn rates (SLO).
import * as common from '@grafana/grafana-foundation-sdk/common';
import type { DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';
import { query, statPanel, thresholds, timeseriesPanel } from './common.js';
import { levelSteps, severityColor, type RecordedSeries, type WatchedAlert } from './watched.js';

const DASHED: DynamicConfigValue = { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } };

function describe(a: WatchedAlert): string {
  const levels = a.levels.map((l) => `${l.severity} when ${l.when.map((c) => `${c.op} ${c.value}`).join(' and ')}`).join('; ');
  return [a.description, levels && `Levels: ${levels}.`].filter(Boolean).join(' ');
}

/** The watched value with the levels drawn as threshold lines and areas. */
export function alertTimeseries(a: WatchedAlert) {
  const p = timeseriesPanel(a.name)
    .description(describe(a))
    .thresholds(thresholds(levelSteps(a.levels, a.severityOrder)))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.LineAndArea))
    .withTarget(query(a.expr, a.legend ?? '{{instance}}'));
  if (a.unit) p.unit(a.unit);
  if (a.trend) {
    p.withTarget(query(a.trend.projectionExpr, `${a.legend ?? '{{instance}}'} in ${a.trend.horizon}`)).overrideByRegexp(
      ` in ${a.trend.horizon}$`,
      [DASHED],
    );
  }
  if (a.anomaly) {
    const { meanExpr, stddevExpr, k } = a.anomaly;
    const legend = a.legend ?? '{{instance}}';
    p.withTarget(query(meanExpr, `${legend} baseline`))
      .withTarget(query(`${meanExpr} + ${k} * ${stddevExpr}`, `${legend} baseline +${k}σ`))
      .withTarget(query(`${meanExpr} - ${k} * ${stddevExpr}`, `${legend} baseline -${k}σ`))
      .overrideByRegexp(' baseline$', [DASHED])
      .overrideByRegexp(' baseline [+-]\\d+(\\.\\d+)?σ$', [
        { id: 'custom.lineWidth', value: 0 },
        { id: 'custom.fillOpacity', value: 15 },
        { id: 'color', value: { mode: 'fixed', fixedColor: 'blue' } },
      ]);
  }
  return p;
}

export function budgetStat(a: WatchedAlert) {
  const slo = a.slo!;
  return statPanel(`${a.name}: error budget left`)
    .description(`Share of the error budget of ${slo.objective * 100}% over ${slo.period} not yet spent.`)
    .unit('percentunit')
    .decimals(1)
    .span(6)
    .height(8)
    .thresholds(
      thresholds([
        { value: null, color: 'red' },
        { value: 0.25, color: 'orange' },
        { value: 0.5, color: 'green' },
      ]),
    )
    .withTarget(query(slo.budgetRemainingExpr, a.legend ?? '{{instance}}'));
}

export function burnRateTimeseries(a: WatchedAlert) {
  const slo = a.slo!;
  const steps = [...slo.factors]
    .sort((x, y) => x.factor - y.factor)
    .map((f) => ({ value: f.factor, color: severityColor(f.severity, a.severityOrder) }));
  const p = timeseriesPanel(`${a.name}: burn rate`)
    .description('How many times faster than sustainable the budget burns, per window; the lines are the alerting factors.')
    .span(18)
    .height(8)
    .min(0)
    .thresholds(thresholds([{ value: null, color: 'green' }, ...steps]))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line));
  for (const b of slo.burnRates) p.withTarget(query(b.expr, `${b.window}`));
  return p;
}

/** A recording rule of the rule file: its value, each series by its own labels. */
export function recordTimeseries(r: RecordedSeries) {
  const p = timeseriesPanel(r.record)
    .description(r.description ?? `The recording rule ${r.record}.`)
    .withTarget(query(r.record, ''));
  if (r.unit) p.unit(r.unit);
  return p;
}
