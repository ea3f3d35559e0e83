// Issue 15's age kind: "the nightly backup has not succeeded for 26 hours", missing series
// included. Expectations written by hand: the last success is at t=0 (epoch 0 in promtool's
// clock) and Prometheus scrapes the value every minute, so its age at eval time t is t.
import { describe, expect, it } from 'vitest';
import { compiledRules, firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
groups:
  - name: jobs
    alerts:
      - alert: BackupStale
        stale: { metric: 'job_last_success_timestamp_seconds{job="backup"}', older_than: 26h }
        severity: critical
`;
const FIRING = 'job="backup", severity="critical"';

describe.skipIf(promtool.missing)('stale: older_than, or missing (promtool, hand-written)', () => {
  it('fires when the last success is more than 26 hours old, not at 26 hours exactly, and at once when it never reported', () => {
    const r = runCases(RULES, [
      {
        name: 'a success at 0 that is never repeated',
        interval: '1m',
        input_series: [{ series: 'job_last_success_timestamp_seconds{instance="h", job="backup"}', values: '0x1600' }],
        promql_expr_test: firingAt('BackupStale', { '25h59m': [], '26h': [], '26h1m': [`instance="h", ${FIRING}`] }),
      },
      {
        name: 'a job that succeeds every 24 hours stays silent',
        interval: '1m',
        input_series: [
          { series: 'job_last_success_timestamp_seconds{instance="h", job="backup"}', values: '0x1439 86400x1439 172800x100' },
        ],
        promql_expr_test: firingAt('BackupStale', { '25h': [], '26h1m': [], '48h30m': [] }),
      },
      {
        name: 'never reported',
        interval: '1m',
        input_series: [],
        promql_expr_test: firingAt('BackupStale', { '0m': [FIRING], '1h': [FIRING] }),
      },
      {
        name: 'the wrapper stops writing (the series goes stale): fires once it is gone',
        interval: '1m',
        input_series: [{ series: 'job_last_success_timestamp_seconds{instance="h", job="backup"}', values: '0x60' }],
        promql_expr_test: firingAt('BackupStale', { '30m': [], '1h10m': [FIRING] }),
      },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it('adds no `for`: older_than is the whole wait', () => {
    expect(compiledRules(RULES)).not.toMatch(/\n\s+for:/);
  });
});
