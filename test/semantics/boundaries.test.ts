// Item 8 of issue 12: a value exactly at a threshold. `above`/`below` are strict; `at_least`
// and `at_most` include the threshold, and the health status colours a host exactly as its
// alerts fire. Input: memory in use = 100 * (1 - available / total) with total 1024 bytes,
// so the chosen values are exact in floating point (768 → 25 %, 256 → 75 %, 128 → 87.5 %).
import { describe, expect, it } from 'vitest';
import { firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
health: true
groups:
  - name: memory
    alerts:
      - alert: MemoryLevels
        metric: memory_usage_percent
        at_least: { warning: 75, critical: 87.5 }
        for: 2m
      - alert: MemoryStrict
        metric: memory_usage_percent
        above: 75
        for: 2m
      - alert: MemoryLow
        metric: memory_usage_percent
        at_most: 25
        for: 2m
`;

const host = (instance: string, available: number) => [
  { series: `node_memory_MemAvailable_bytes{instance="${instance}", job="vigil"}`, values: `${available}x10` },
  { series: `node_memory_MemTotal_bytes{instance="${instance}", job="vigil"}`, values: '1024x10' },
  { series: `up{instance="${instance}", job="vigil"}`, values: '1x10' },
];

describe('inclusive boundaries (promtool, hand-written expectations)', () => {
  it.skipIf(promtool.missing)('exactly 75 % is yellow with at_least, silent with above; 87.5 % is red; exactly 25 % fires at_most', () => {
    const r = runCases(RULES, [
      {
        name: 'values exactly at each threshold',
        interval: '1m',
        input_series: [...host('at-75', 256), ...host('at-87.5', 128), ...host('at-25', 768), ...host('at-50', 512)],
        promql_expr_test: [
          // for: 2m — pending from minute 0, firing from minute 2, not at minute 1.
          ...firingAt('MemoryLevels', {
            '1m': [],
            '3m': [
              'instance="at-75", job="vigil", severity="warning"',
              'instance="at-87.5", job="vigil", severity="warning"',
              'instance="at-87.5", job="vigil", severity="critical"',
            ],
          }),
          // Strict: 75 is not above 75; 87.5 is.
          ...firingAt('MemoryStrict', { '3m': ['instance="at-87.5", job="vigil", severity="warning"'] }),
          ...firingAt('MemoryLow', { '3m': ['instance="at-25", job="vigil", severity="warning"'] }),
          {
            expr: 'vigil:health:status',
            eval_time: '3m',
            exp_samples: [
              { labels: 'vigil:health:status{instance="at-75"}', value: 1 },
              { labels: 'vigil:health:status{instance="at-87.5"}', value: 2 },
              { labels: 'vigil:health:status{instance="at-25"}', value: 1 },
              { labels: 'vigil:health:status{instance="at-50"}', value: 0 },
            ],
          },
        ],
      },
    ]);
    expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
  });
});
