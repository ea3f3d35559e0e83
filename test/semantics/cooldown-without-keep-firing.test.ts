// `cooldown` on an engine without keep_firing_for (--target vmalert): the expression keeps the
// alert up for the cooldown after the condition clears, but only once it fired. The same PromQL
// runs in Prometheus (its ALERTS series lives in its own storage), so the real promtool checks
// the meaning here on hand-computed input, and the same cases against the Prometheus output
// (keep_firing_for) show the two agree; test/e2e/vmalert.test.ts runs it in vmalert itself.
//
// Rule: app_queue_length above 100 for 2m, cooldown 5m; evaluated every minute.
// Input: 200 at 0-9m, 50 at 10-19m, 200 at 20m alone (a blip shorter than `for`), 50 after.
// By hand, as keep_firing_for would do it: pending at 0m, firing at 2m (0m + for), the
// condition is false from 10m, the alert keeps firing while the condition was true within the
// last 5m, that is while 9m >= t - 5m: up to 14m, resolved at 15m (10m + cooldown). The blip
// at 20m makes it pending; at 21m the condition is false and the alert was never firing, so
// it resets and never fires (at 22m it would, were the condition only stretched).
// A value exactly at 100 is not above 100, and a scrape gap shorter than the cooldown keeps it up.
import { describe, expect, it } from 'vitest';
import { compiledRules, firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
groups:
  - name: app
    alerts:
      - alert: QueueLong
        expr: app_queue_length
        above: 100
        for: 2m
        cooldown: 5m
        labels: {team: web}
`;

const LABELS = 'instance="a", job="app", severity="warning", team="web"';

describe('cooldown without keep_firing_for (vmalert target), under the real promtool', () => {
  // The same hand-written cases hold for Prometheus's keep_firing_for: the rewrite keeps its meaning.
  it.skipIf(promtool.missing).each(['vmalert', 'prometheus'] as const)(
    '%s: fires after for, stays 5m after the condition clears, and a blip shorter than for never fires',
    (target) => {
      const r = runCases(
        RULES,
        [
          {
            name: 'true 0-9m, false from 10m, blip at 20m',
            interval: '1m',
            input_series: [{ series: 'app_queue_length{instance="a", job="app"}', values: '200x9 50x9 200 50x10' }],
            promql_expr_test: firingAt('QueueLong', {
              '1m': [],
              '2m': [LABELS],
              '9m': [LABELS],
              '10m': [LABELS],
              '14m': [LABELS],
              '15m': [],
              '20m': [],
              '21m': [],
              '22m': [],
              '26m': [],
            }),
          },
          {
            name: 'exactly at the threshold never fires',
            interval: '1m',
            input_series: [{ series: 'app_queue_length{instance="a", job="app"}', values: '100x20' }],
            promql_expr_test: firingAt('QueueLong', { '5m': [], '15m': [] }),
          },
          {
            // 200 at 0-4m, no samples at 5-6m, 200 at 7-10m, then none. In the gap the lookback
            // (5m) still sees 200 from 4m, so the condition holds. After 10m the sample of 10m is
            // seen up to 15m (the lookback includes its start), so the condition holds to 15m and
            // the alert keeps firing to 20m (15m + cooldown), resolved at 21m.
            name: 'a scrape gap, then no samples at all',
            interval: '1m',
            input_series: [{ series: 'app_queue_length{instance="a", job="app"}', values: '200x4 _x2 200x3' }],
            promql_expr_test: firingAt('QueueLong', { '2m': [LABELS], '6m': [LABELS], '15m': [LABELS], '20m': [LABELS], '21m': [] }),
          },
        ],
        '1m',
        target,
      );
      expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
    },
  );

  it('gives the rule no keep_firing_for and keeps its for', () => {
    const rules = compiledRules(RULES, 'vmalert');
    expect(rules).not.toContain('keep_firing_for');
    expect(rules).toMatch(/^\s+for: 2m$/m);
  });
});
