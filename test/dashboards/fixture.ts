import type { DashboardsInput } from '../../src/dashboards/emit.js';

// One alert of every drawing kind: above with two levels, below, between, trend, anomaly, SLO.
export const input: DashboardsInput = {
  healthMetric: 'vigil:health:status',
  ruleFiles: [
    {
      file: 'rules/example.yaml',
      alerts: [
        {
          name: 'HostCpuHigh',
          kind: 'threshold',
          unit: 'percent',
          description: 'CPU busy.',
          expr: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
          levels: [
            { severity: 'warning', when: [{ op: '>', value: 80 }] },
            { severity: 'critical', when: [{ op: '>', value: 95 }] },
          ],
        },
        {
          name: 'HostMemoryAvailableLow',
          kind: 'threshold',
          unit: 'bytes',
          expr: 'node_memory_MemAvailable_bytes',
          levels: [
            { severity: 'warning', when: [{ op: '<', value: 1e9 }] },
            { severity: 'critical', when: [{ op: '<', value: 2.5e8 }] },
          ],
        },
        {
          name: 'HostClockOff',
          kind: 'threshold',
          unit: 's',
          expr: 'node_timex_offset_seconds',
          levels: [
            { severity: 'warning', when: [{ op: '<', value: -0.05 }] },
            { severity: 'warning', when: [{ op: '>', value: 0.05 }] },
          ],
        },
        {
          name: 'HostDiskFillsSoon',
          kind: 'trend',
          unit: 'bytes',
          legend: '{{instance}} {{mountpoint}}',
          expr: 'node_filesystem_avail_bytes{mountpoint="/"}',
          trend: { projectionExpr: 'predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[6h], 4 * 3600)', horizon: '4h' },
          levels: [{ severity: 'warning', when: [{ op: '<', value: 0 }] }],
        },
        {
          name: 'RequestRateUnusual',
          kind: 'anomaly',
          expr: 'sum by (instance) (rate(http_requests_total[5m]))',
          anomaly: { meanExpr: 'vigil:baseline:mean', stddevExpr: 'vigil:baseline:stddev', k: 3 },
          levels: [],
        },
        {
          name: 'CheckoutAvailability',
          kind: 'slo',
          unit: 'percentunit',
          legend: '{{service}}',
          expr: 'slo:error_ratio:rate5m',
          slo: {
            objective: 0.999,
            period: '30d',
            budgetRemainingExpr: 'slo:error_budget_remaining',
            burnRates: ['5m', '1h', '6h'].map((w) => ({ window: w, expr: `slo:error_ratio:rate${w} / (1 - 0.999)` })),
            factors: [
              { factor: 14.4, severity: 'critical' },
              { factor: 6, severity: 'critical' },
              { factor: 1, severity: 'warning' },
            ],
          },
          levels: [],
        },
      ],
    },
  ],
};
