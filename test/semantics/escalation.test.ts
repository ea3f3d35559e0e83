// Item 10 of issue 12: "still firing after 30 minutes → critical, to another receiver". The
// compiled rules run in promtool on hand-written series; the expected alerts are worked out
// from what a person means, and the compiled routing is checked with amtool.
//
// QueueBacklog: the summed queue of an instance above 100 for 5m is a warning, kept firing
// through 10m of calm (cooldown); once it has fired for 30 minutes it is also critical.
//   a: 150 throughout, but exactly 100 (not above) for one sample at minute 20: the cooldown
//      rides out the dip, so the warning fires from 5m and escalates at 35m as if no dip;
//   b: 150 throughout with a missing scrape at minute 20: the same;
//   c: 150 until minute 10, then 50 for 15 minutes (longer than the cooldown: it resolves at
//      21m, ten minutes after the condition last failed to hold at 11m), then 150 again from
//      26m: a new alert, firing at 31m, escalated at 61m and not before.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../support/tools.js';
import { scratch } from '../compiler/support.js';
import { amtool, compileOne, promtool, promtoolTest } from './levels-support.js';

const rules = `
version: 1
notify:
  default_receiver: team
  receivers:
    - name: team
      webhook: { url: "http://127.0.0.1:9/team" }
    - name: oncall
      webhook: { url: "http://127.0.0.1:9/oncall" }
groups:
  - name: queues
    alerts:
      - alert: QueueBacklog
        expr: sum by (instance) (app_queue_depth)
        above: 100
        severity: warning
        for: 5m
        cooldown: 10m
        escalate: { after: 30m, severity: critical, receiver: oncall }
        summary: Queue backlog on {{ $labels.instance }}
        description: More than 100 jobs wait.
`;

const warning = (instance: string) => `
          - exp_labels: { severity: warning, instance: ${instance} }
            exp_annotations: { summary: Queue backlog on ${instance}, description: More than 100 jobs wait. }`;
const critical = (instance: string) => `
          - exp_labels: { severity: critical, escalated_from: warning, instance: ${instance} }
            exp_annotations: { summary: QueueBacklog on ${instance} is still firing after 30m (escalated from warning), description: More than 100 jobs wait. }`;
const at = (time: string, ...alerts: string[]) => `
      - eval_time: ${time}
        alertname: QueueBacklog
        exp_alerts:${alerts.length ? alerts.join('') : ' []'}`;

const handTest = `
rule_files: [RULES]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - { series: 'app_queue_depth{instance="a", queue="mail"}', values: '150x19 100 150x42' }
      - { series: 'app_queue_depth{instance="b", queue="mail"}', values: '150x19 _ 150x42' }
      - { series: 'app_queue_depth{instance="c", queue="mail"}', values: '150x10 50x14 150x37' }
    alert_rule_test:${[
      at('4m'),
      at('5m', warning('a'), warning('b'), warning('c')),
      at('20m', warning('a'), warning('b'), warning('c')),
      at('21m', warning('a'), warning('b')),
      at('30m', warning('a'), warning('b')),
      at('31m', warning('a'), warning('b'), warning('c')),
      at('34m', warning('a'), warning('b'), warning('c')),
      at('35m', warning('a'), warning('b'), warning('c'), critical('a'), critical('b')),
      at('60m', warning('a'), warning('b'), warning('c'), critical('a'), critical('b')),
      at('61m', warning('a'), warning('b'), warning('c'), critical('a'), critical('b'), critical('c')),
    ].join('')}
`;

describe.skipIf(promtool.missing || amtool.missing)('escalation after 30 minutes of firing', () => {
  const tmp = scratch('vigil-escalate-');
  afterAll(() => tmp.done());
  const outputs = compileOne('queues', rules);

  it('raises the warning to critical once it has fired for 30m; a dip its cooldown rides out does not restart the clock', () => {
    const r = promtoolTest(tmp.dir, 'queues', outputs, handTest);
    expect(r.code, r.out).toBe(0);
  });

  it('routes the escalated alert to its receiver and the warning by the routes (amtool)', () => {
    const file = join(tmp.dir, 'alertmanager.yml');
    writeFileSync(file, outputs.get('prometheus/alertmanager.yml')!);
    const check = run(amtool.path!, ['check-config', file]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const route = (...labels: string[]) =>
      run(amtool.path!, ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).stdout.trim();
    expect(route('alertname=QueueBacklog', 'severity=critical', 'escalated_from=warning', 'instance=a')).toBe('oncall');
    expect(route('alertname=QueueBacklog', 'severity=warning', 'instance=a')).toBe('team');
  });

  it('silences the warning of the same instance while its escalation fires, not of another', () => {
    const text = outputs.get('prometheus/alertmanager.yml')!;
    expect(text).toContain('- alertname="QueueBacklog"\n      - severity="critical"');
    expect(text).toMatch(/equal:\n\s+- alertname\n\s+- instance\n/);
  });
});
