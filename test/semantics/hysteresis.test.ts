// Item 11 of issue 12: fire above 85, clear only below 75. Memory in use is
// 100 * (1 - available / 1024); the available bytes below give exact percentages:
// 512 → 50, 128 → 87.5, 224 → 78.125 (between the two levels), 256 → 75, 288 → 71.875.
import { describe, expect, it } from 'vitest';
import { compiledRules, firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
groups:
  - name: memory
    alerts:
      - alert: MemoryHigh
        metric: memory_usage_percent
        above: 85
        clear_below: 75
        for: 2m
        labels: { team: ops }
      - alert: MemoryLowAvail
        metric: memory_available_bytes
        below: { warning: 200, critical: 150 }
        clear_above: { warning: 250, critical: 200 }
        for: 2m
`;

// minute:            0   1   2   3   4   5   6   7   8   9   10  11  12  13  14  15  16  17  18  19  20
const AVAILABLE = '512 512 512 128 128 128 224 128 224 128 224 224 256 288 224 224 224 224 224 224 224';
const LABELS = 'instance="a", job="vigil", severity="warning", team="ops"';

describe('hysteresis (promtool, hand-written expectations)', () => {
  it.skipIf(promtool.missing)('a value oscillating between 75 and 85 keeps one alert firing until it drops below 75', () => {
    const r = runCases(RULES, [
      {
        name: 'oscillation between the thresholds',
        interval: '1m',
        input_series: [
          { series: 'node_memory_MemAvailable_bytes{instance="a", job="vigil"}', values: AVAILABLE },
          { series: 'node_memory_MemTotal_bytes{instance="a", job="vigil"}', values: '1024x20' },
        ],
        promql_expr_test: [
          // Above 85 from minute 3: pending at 3 and 4, firing at 5 (for: 2m).
          ...firingAt('MemoryHigh', {
            '4m': [],
            '5m': [LABELS],
            '6m': [LABELS],
            '7m': [LABELS],
            '8m': [LABELS],
            '10m': [LABELS],
            '11m': [LABELS],
            // Exactly 75 is not below 75: still firing.
            '12m': [LABELS],
            // 71.875 clears it; 78.125 afterwards does not bring it back (not above 85).
            '13m': [],
            '14m': [],
            '20m': [],
          }),
          // One alert all along: its activation time stays minute 3 (180 s), it never restarted.
          {
            expr: 'ALERTS_FOR_STATE{alertname="MemoryHigh"}',
            eval_time: '12m',
            exp_samples: [{ labels: `ALERTS_FOR_STATE{alertname="MemoryHigh", ${LABELS}}`, value: 180 }],
          },
        ],
      },
    ]);
    expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
  });

  it.skipIf(promtool.missing)('clear_above per level: below 150 critical, cleared only above 200', () => {
    // minute:         0    1    2    3    4    5    6    7    8    9   10
    const avail = '300 300 100 100 100 180 100 180 210 260 260';
    const r = runCases(RULES, [
      {
        name: 'two levels with their own clear levels',
        interval: '1m',
        input_series: [{ series: 'node_memory_MemAvailable_bytes{instance="a", job="vigil"}', values: avail }],
        promql_expr_test: firingAt('MemoryLowAvail', {
          '3m': [],
          // Below 150 (and 200) from minute 2: both fire at 4.
          '4m': ['instance="a", job="vigil", severity="warning"', 'instance="a", job="vigil", severity="critical"'],
          // 180: above critical's 150 but not above its clear level 200, so critical stays.
          '5m': ['instance="a", job="vigil", severity="warning"', 'instance="a", job="vigil", severity="critical"'],
          '7m': ['instance="a", job="vigil", severity="warning"', 'instance="a", job="vigil", severity="critical"'],
          // 210: critical clears (above 200), warning stays (not above 250).
          '8m': ['instance="a", job="vigil", severity="warning"'],
          '9m': [],
        }),
      },
    ]);
    expect(r.code, `${r.output}\n${r.rules}`).toBe(0);
  });

  it("matches the alert's own ALERTS series on the labels of the watched series", () => {
    const v = 'last_over_time((100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes))[3m:15s])';
    expect(compiledRules(RULES)).toContain(
      `(${v} > 85) or ((${v} >= 75) and on (instance, job) ALERTS{alertname="MemoryHigh", alertstate="firing", severity="warning"})`,
    );
  });

  it('reads clear levels in the unit of the watched value, like the thresholds they clear', () => {
    const rules = compiledRules(`version: 1
groups:
  - name: memory
    alerts:
      - alert: MemoryLowAvailGiB
        metric: memory_available_bytes
        below: 2GiB
        clear_above: 3GiB
        for: 2m
`);
    // 2 GiB = 2147483648 and 3 GiB = 3221225472 bytes; the clear level holds with <=.
    expect(rules).toContain('< 2147483648');
    expect(rules).toContain('<= 3221225472');
  });
});
