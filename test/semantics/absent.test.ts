// Item 6 of issue 12: `absent: { window: 5m }` fires about 5 minutes after the last sample,
// not 5m plus an implicit `for: 5m`. The last sample of node_load1 is at minute 10: the window
// [t-5m, t] still holds it at 15m, so the alert fires at the first evaluation after that (16m).
import { describe, expect, it } from 'vitest';
import { compiledRules, firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
groups:
  - name: absence
    defaults: { for: 5m }
    alerts:
      - alert: LoadMissing
        absent: { metric: 'node_load1{job="vigil"}', window: 5m }
      - alert: UpMissing
        absent: up
`;

describe('absent: its window is the whole wait (promtool, hand-written expectations)', () => {
  it.skipIf(promtool.missing)('fires 5 minutes after the last sample, and a 3-minute gap does not fire it', () => {
    const r = runCases(RULES, [
      {
        name: 'last sample at 10m',
        interval: '1m',
        input_series: [
          { series: 'node_load1{instance="a", job="vigil"}', values: '1x10' },
          { series: 'up{instance="a", job="vigil"}', values: '1x10' },
        ],
        promql_expr_test: [
          ...firingAt('LoadMissing', { '15m': [], '16m': ['job="vigil", severity="warning"'], '20m': ['job="vigil", severity="warning"'] }),
          // The group's `for: 5m` is how long `up` may be missing, not an extra wait after 5m.
          ...firingAt('UpMissing', { '15m': [], '16m': ['severity="warning"'] }),
        ],
      },
      {
        name: 'a 3-minute scrape gap is shorter than the window',
        interval: '1m',
        input_series: [{ series: 'node_load1{instance="a", job="vigil"}', values: '1x5 _x3 1x10' }],
        promql_expr_test: firingAt('LoadMissing', { '7m': [], '9m': [], '12m': [] }),
      },
    ]);
    expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
  });

  it('compiles the window into absent_over_time and gives the rule no `for`', () => {
    const rules = compiledRules(RULES);
    expect(rules).toContain('absent_over_time(node_load1{job="vigil"}[5m])');
    expect(rules).toContain('absent_over_time(up[5m])');
    expect(rules).not.toMatch(/^\s+for:/m);
  });
});
