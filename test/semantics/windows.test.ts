// Item 5 of issue 12: "CPU above 85 for 5m" fires about 5 minutes after CPU crosses 85, not
// ~10 (a hidden rate[5m] stacked on for: 5m). Scrapes every 15 s (the file's default), rules
// evaluated every 15 s. The busy fraction steps from 20 % to 100 % at minute 10.
//
// By hand: rate over 1m at 10m+x (x < 60 s) reads 20 % + 80 % · x/60, above 85 % once x > 48.75 s,
// so the first evaluation that sees it is 10m+60s (10m45s reads 80 %). Pending from 11m00s, it
// fires when it has held for its rule `for` of 4m: at 15m00s, 5 minutes after the step. Today's
// rule (rate[5m], for: 5m) only crosses at 14m15s and fires at 19m15s.
import { describe, expect, it } from 'vitest';
import { compiledRules, cpuCounters, firingAt, promtool, runCases, runGenerated, steps } from './time-support.js';

const RULES = `version: 1
groups:
  - name: host
    alerts:
      - alert: CpuHigh
        metric: cpu_usage_percent
        above: 85
        for: 5m
`;
const FIRING = 'instance="a", job="vigil", severity="warning"';
const PER_MINUTE = 4;

describe('for is end to end (promtool, hand-written expectations)', () => {
  it.skipIf(promtool.missing)('a step above 85 % fires 5 minutes after it, not before; a 4-minute spike never fires', () => {
    const r = runCases(
      RULES,
      [
        {
          name: 'step from 20 % to 100 % at minute 10',
          interval: '15s',
          input_series: cpuCounters('a', [...steps(10 * PER_MINUTE, 0.2), ...steps(15 * PER_MINUTE, 1)]),
          promql_expr_test: firingAt('CpuHigh', { '10m': [], '14m45s': [], '15m': [FIRING], '20m': [FIRING] }),
        },
        {
          name: 'a spike of 4 minutes at 100 % (shorter than for: 5m)',
          interval: '15s',
          input_series: cpuCounters('a', [...steps(10 * PER_MINUTE, 0.2), ...steps(4 * PER_MINUTE, 1), ...steps(10 * PER_MINUTE, 0.2)]),
          promql_expr_test: firingAt('CpuHigh', { '13m': [], '14m': [], '14m15s': [], '15m': [], '16m': [], '20m': [] }),
        },
        {
          name: 'exactly 85 % is not above 85',
          interval: '15s',
          input_series: cpuCounters('a', steps(20 * PER_MINUTE, 0.85)),
          promql_expr_test: firingAt('CpuHigh', { '10m': [], '19m': [] }),
        },
      ],
      '15s',
    );
    expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
  });

  it("takes the 1m rate window (4 scrapes of 15 s) out of the rule's for", () => {
    const rules = compiledRules(RULES);
    expect(rules).toContain('[1m]');
    expect(rules).not.toContain('[5m]');
    expect(rules).toMatch(/^\s+for: 4m$/m);
  });

  it("follows the file's scrape interval: 1m scrapes get a 4m rate window and for: 1m", () => {
    const rules = compiledRules(RULES.replace('version: 1\n', 'version: 1\nscrape_interval: 1m\n'));
    expect(rules).toContain('[4m]) >= 4');
    expect(rules).toMatch(/^\s+for: 1m$/m);
  });

  it.skipIf(promtool.missing)('user examples of a rate metric run at the scrape interval, and one a minute is flagged', () => {
    const example = (interval: string) => `version: 1
groups:
  - name: host
    alerts:
      - alert: CpuHigh
        metric: cpu_usage_percent
        above: 85
        for: 2m
        examples:
          - name: ninety percent busy
            series:
              'node_cpu_seconds_total{cpu="0", instance="a", job="vigil", mode="user"}': '0+13.5x40'
              'node_cpu_seconds_total{cpu="0", instance="a", job="vigil", mode="idle"}': '0+1.5x40'
            ${interval}
            at: 4m
            fires: [warning]
            labels: { instance: a, job: vigil }
`;
    const good = runGenerated(example('interval: 15s'));
    expect(good.code, good.output).toBe(0);
    expect(good.warnings).not.toContain('lint.example-interval 10:13');
    expect(runGenerated(example('')).warnings).toContain('lint.example-interval 10:13');
  });
});
