// Item 12 of issue 12: severities a team names. The rule set declares low < medium < high <
// critical once; levels, inhibition, the default routing, the health status and dashboards
// follow that order. The compiled rules run in promtool on hand-written series, routing is
// checked with amtool, and inhibition in a real Alertmanager.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { eventually } from '../support/prometheus.js';
import { run } from '../support/tools.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';
import { scratch } from '../compiler/support.js';
import { alertmanagerTool, amtool, compileOne, promtool, promtoolTest } from './levels-support.js';

const rules = (notify = '') => `
version: 1
severities: [low, medium, high, critical]
health: true
${notify}
groups:
  - name: load
    alerts:
      - alert: LoadHigh
        expr: node_load5
        above: { medium: 70, high: 85, critical: 95 }
        for: 1m
        summary: Load on {{ $labels.instance }}
        description: Load is high.
`;

// a: 80 (medium), b: 90 (medium and high), c: 97 (all three), d: exactly 85 (not above high:
// medium only), e: 50 (nothing). Health: the most severe level (critical) is red, the next
// (high) yellow, medium and low green.
const series = (instance: string, v: number) => `
      - { series: 'node_load5{instance="${instance}", job="vigil"}', values: '${v}x5' }
      - { series: 'up{instance="${instance}", job="vigil"}', values: '1x5' }`;
const alert = (severity: string, instance: string) => `
          - exp_labels: { severity: ${severity}, instance: ${instance}, job: vigil }
            exp_annotations: { summary: Load on ${instance}, description: Load is high. }`;
const handTest = `
rule_files: [RULES]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:${series('a', 80)}${series('b', 90)}${series('c', 97)}${series('d', 85)}${series('e', 50)}
    alert_rule_test:
      - eval_time: 0m
        alertname: LoadHigh
        exp_alerts: []
      - eval_time: 1m
        alertname: LoadHigh
        exp_alerts:${alert('medium', 'a')}${alert('medium', 'b')}${alert('high', 'b')}${alert('medium', 'c')}${alert('high', 'c')}${alert('critical', 'c')}${alert('medium', 'd')}
    promql_expr_test:
      - expr: vigil:health:status
        eval_time: 3m
        exp_samples:
          - { labels: 'vigil:health:status{instance="a"}', value: 0 }
          - { labels: 'vigil:health:status{instance="b"}', value: 1 }
          - { labels: 'vigil:health:status{instance="c"}', value: 2 }
          - { labels: 'vigil:health:status{instance="d"}', value: 0 }
          - { labels: 'vigil:health:status{instance="e"}', value: 0 }
`;

describe.skipIf(promtool.missing || amtool.missing || alertmanagerTool.missing)(
  'a rule set with its own severities: low < medium < high < critical',
  () => {
    const tmp = scratch('vigil-severities-');
    const outputs = compileOne('load', rules());
    let hook: WebhookSink;
    let am: RunningAlertmanager;
    beforeAll(async () => {
      hook = await startWebhookSink();
      const routed = compileOne(
        'load',
        rules(`notify:
  default_receiver: hook
  group_by: [alertname, instance, severity]
  group_wait: 1s
  group_interval: 1s
  receivers:
    - name: hook
      webhook: { url: "${hook.url}", send_resolved: false }`),
      );
      am = await startAlertmanager(alertmanagerTool.path!, routed.get('prometheus/alertmanager.yml')!);
    }, 60_000);
    afterAll(async () => {
      await am?.stop();
      await hook?.close();
      tmp.done();
    });

    it('fires each level in the declared order, and the health status is red for critical, yellow for high (promtool)', () => {
      const r = promtoolTest(tmp.dir, 'load', outputs, handTest);
      expect(r.code, r.out).toBe(0);
    });

    it('routes by default the most severe level to oncall, the next to team, the rest to info (amtool)', () => {
      const file = join(tmp.dir, 'alertmanager.yml');
      writeFileSync(file, outputs.get('prometheus/alertmanager.yml')!);
      const route = (severity: string) =>
        run(amtool.path!, [
          'config',
          'routes',
          'test',
          `--config.file=${file}`,
          'alertname=LoadHigh',
          `severity=${severity}`,
          'instance=a',
        ]).stdout.trim();
      expect([route('critical'), route('high'), route('medium'), route('low')]).toEqual(['oncall', 'team', 'info', 'info']);
    });

    it('lets a more severe level silence the milder ones of the same series only (real Alertmanager)', async () => {
      const post = (labels: Record<string, string>[]) =>
        fetch(`${am.url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            labels.map((l) => ({ labels: { alertname: 'LoadHigh', job: 'vigil', ...l }, annotations: { summary: 'x' } })),
          ),
        });
      const firing = [
        ['a', 'medium'],
        ['b', 'medium'],
        ['b', 'high'],
        ['c', 'medium'],
        ['c', 'high'],
        ['c', 'critical'],
        ['d', 'medium'],
      ];
      expect((await post(firing.map(([instance, severity]) => ({ instance: instance!, severity: severity! })))).status).toBe(200);
      const delivered = () =>
        [...new Set(hook.received.flatMap((m) => m.body.alerts.map((a) => `${a.labels['instance']} ${a.labels['severity']}`)))].sort();
      await eventually(async () => (delivered().length >= 4 ? true : undefined), 15_000, 100);
      await new Promise((r) => setTimeout(r, 3000));
      expect(delivered()).toEqual(['a medium', 'b high', 'c critical', 'd medium']);
    }, 30_000);

    it('colours the dashboard by the order: medium yellow, high orange, critical red', () => {
      const dash = outputs.get('grafana/dashboards/rules-load.json')!;
      const steps = (
        JSON.parse(dash) as {
          panels: { fieldConfig?: { defaults?: { thresholds?: { steps: { value: number | null; color: string }[] } } } }[];
        }
      ).panels.flatMap((p) => p.fieldConfig?.defaults?.thresholds?.steps ?? []);
      expect(steps).toEqual([
        { value: null, color: 'green' },
        { value: 70, color: 'yellow' },
        { value: 85, color: 'orange' },
        { value: 95, color: 'red' },
      ]);
    });
  },
);
