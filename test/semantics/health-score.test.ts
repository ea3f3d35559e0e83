// vigil:health:score, 0-100 per instance beside the 0/1/2 status, proved with real promtool
// on hand-computed input: nothing firing is 100, warnings put an instance in 50..100
// (one 75, two 62.5), criticals in 0..50 (one 25, two 12.5), info alerts and pending alerts
// do not count, and a resolved alert gives the points back.
import { describe, expect, it } from 'vitest';
import { healthBands } from '../../src/compiler/judges/health-score.js';
import { compiledRules, promtool, promtoolTest } from './rules-under-test.js';

const ann = 'summary: s\n        description: d';
const RULES = `version: 1
health: true
groups:
  - name: g
    alerts:
      - alert: Errors
        expr: errors
        above: { warning: 1, critical: 5 }
        identify_by: [instance]
        ${ann}
      - alert: Slow
        expr: slowness
        above: 1
        ${ann}
      - alert: Down
        expr: down
        above: 0
        severity: critical
        ${ann}
      - alert: Noise
        expr: noise
        above: 0
        severity: info
        ${ann}
      - alert: Waiting
        expr: waiting
        above: 0
        for: 10m
        ${ann}
`;

const series = (name: string, instance: string, values: string) =>
  `      - series: '${name}{instance="${instance}", job="vigil"}'\n        values: '${values}'\n`;
const samples = (metric: string, values: Record<string, number>) =>
  Object.entries(values)
    .map(([i, v]) => `          - labels: '${metric}{instance="${i}"}'\n            value: ${v}\n`)
    .join('');

describe('the health score, against promtool', () => {
  it.skipIf(promtool.missing)('scores each instance by its worst firing severity and how many alerts fire there', () => {
    const up = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((i) => series('up', i, i === 'h' ? '0x20' : '1x20')).join('');
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
${up}${series('errors', 'a', '0x20')}${series('errors', 'b', '3x7 0x12')}${series('errors', 'c', '3x20')}${series('slowness', 'c', '2x20')}${series('errors', 'd', '10x20')}${series('errors', 'e', '10x20')}${series('down', 'e', '1x20')}${series('noise', 'f', '1x20')}${series('waiting', 'g', '1x20')}
    promql_expr_test:
      # a nothing; b one warning; c two warnings (Errors, Slow); d Errors at warning and
      # critical (worst: one critical); e two criticals (Errors, Down); f only info; g a
      # warning still pending (for: 10m); h not scraped and nothing fires.
      - expr: vigil:health:score
        eval_time: 5m
        exp_samples:
${samples('vigil:health:score', { a: 100, b: 75, c: 62.5, d: 25, e: 12.5, f: 100, g: 100, h: 100 })}      - expr: vigil:health:status
        eval_time: 5m
        exp_samples:
${samples('vigil:health:status', { a: 0, b: 1, c: 1, d: 2, e: 2, f: 0, g: 0, h: 0 })}      # b's errors went back to 0 at minute 8; g's warning fires from minute 10.
      - expr: vigil:health:score
        eval_time: 12m
        exp_samples:
${samples('vigil:health:score', { a: 100, b: 100, c: 62.5, d: 25, e: 12.5, f: 100, g: 75, h: 100 })}`;
    const r = promtoolTest(compiledRules('health', RULES), test);
    expect(r.code, r.output).toBe(0);
  });

  it('takes its bands from the ordered severity list, most severe lowest', () => {
    expect(healthBands(['warning', 'critical'])).toEqual([
      { severity: 'critical', floor: 0, ceiling: 50 },
      { severity: 'warning', floor: 50, ceiling: 100 },
    ]);
    expect(healthBands(['minor', 'major', 'page']).map((b) => [b.severity, Math.round(b.floor)])).toEqual([
      ['page', 0],
      ['major', 33],
      ['minor', 67],
    ]);
  });
});
