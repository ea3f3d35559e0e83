// Watching the watcher (issue 16): the shipped rules/meta.yaml and notify.yaml, compiled, with
// expectations written by hand. Watchdog fires from the first evaluation and never stops; it
// goes to the heartbeat receiver only, every minute; Prometheus failing to hand alerts to
// Alertmanager raises a critical that pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firingAt, promtool, runCases } from '../semantics/time-support.js';
import { run, tool } from '../support/tools.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const META = readFileSync(join(REPO, 'rules/meta.yaml'), 'utf8');
const amtool = tool('amtool', 'prometheus-alertmanager');
const P = 'job="prometheus", instance="localhost:9090"';

describe.skipIf(promtool.missing)('shipped meta alerts (promtool, hand-written series)', () => {
  it('Watchdog fires at once with no input at all, and is still firing a day later', () => {
    const r = runCases(META, [
      {
        name: 'always',
        interval: '1m',
        input_series: [],
        promql_expr_test: firingAt('Watchdog', { '0m': ['severity="info"'], '1d': ['severity="info"'] }),
      },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it('pages when more than 1 % of notifications fail for 15 minutes, not at exactly 1 %', () => {
    // 600 sent a minute throughout; errors 6 a minute (exactly 1 %) up to minute 20 (at 19m a
    // true condition would long since have fired), none from 20 to 21, then 30 a minute (5 %).
    // The 5m window reads 24/3000 = 0.8 % at minute 21 and 48/3000 = 1.6 % at 22: true from 22,
    // for: 15m → pending at 34, firing at 37.
    const errors = `0+6x20 120+30x40`;
    const r = runCases(META, [
      {
        name: 'failing notifications',
        interval: '1m',
        input_series: [
          { series: `prometheus_notifications_sent_total{${P}, alertmanager="http://am:9093/api/v2/alerts"}`, values: '0+600x60' },
          { series: `prometheus_notifications_errors_total{${P}, alertmanager="http://am:9093/api/v2/alerts"}`, values: errors },
        ],
        promql_expr_test: firingAt('PrometheusNotificationsFailing', {
          '19m': [],
          '34m': [],
          '37m': [`${P}, alertmanager="http://am:9093/api/v2/alerts", severity="critical"`],
        }),
      },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it('pages when Prometheus knows no Alertmanager for 5 minutes', () => {
    const r = runCases(META, [
      {
        name: 'no alertmanager',
        interval: '1m',
        input_series: [{ series: `prometheus_notifications_alertmanagers_discovered{${P}}`, values: '1x10 0x10' }],
        promql_expr_test: firingAt('PrometheusAlertmanagerMissing', { '10m': [], '14m': [], '16m': [`${P}, severity="critical"`] }),
      },
    ]);
    expect(r.code, r.output).toBe(0);
  });
});

describe.skipIf(amtool.missing)('shipped routing of Watchdog (amtool)', () => {
  const file = join(REPO, 'prometheus/alertmanager.yml');
  const route = (...labels: string[]) => run(amtool.path!, ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).stdout.trim();

  it('sends Watchdog to the heartbeat receiver alone, and other info alerts to people', () => {
    expect(route('alertname=Watchdog', 'severity=info')).toBe('heartbeat');
    expect(route('alertname=SomethingElse', 'severity=info')).toBe('info');
    expect(route('alertname=PrometheusNotificationsFailing', 'severity=critical')).toBe('oncall');
  });

  it('repeats the heartbeat every minute', () => {
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(
      /- receiver: heartbeat\n\s+matchers:\n\s+- alertname="Watchdog"\n\s+group_wait: 0s\n\s+group_interval: 1m\n\s+repeat_interval: 1m/,
    );
  });
});
