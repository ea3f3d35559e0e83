// Escalation in the real chain: a rule file with `escalate` is compiled; Prometheus scrapes a
// queue gauge served by this test every second and evaluates the compiled rules every second;
// Alertmanager routes with the compiled config to a webhook. The queue fills; the warning goes
// to the team, and once it has fired for `after` the escalated critical reaches on-call. A
// one-scrape dip while the warning rides on its cooldown must not restart the clock: the
// escalation keeps the warning's activation time.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { tool } from '../support/tools.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const prom = tool('prometheus', 'prometheus');
const am = tool('prometheus-alertmanager', 'prometheus-alertmanager');

const FOR_S = 2;
const AFTER_S = 6;

const ruleFile = (hook: string) => `
version: 1
scrape_interval: 1s
notify:
  default_receiver: team
  group_by: [alertname, instance, severity]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  receivers:
    - name: team
      webhook: { url: "${hook}/team", send_resolved: false }
    - name: oncall
      webhook: { url: "${hook}/oncall", send_resolved: false }
groups:
  - name: queues
    alerts:
      - alert: QueueBacklog
        expr: sum by (instance) (app_queue_depth)
        above: 100
        for: ${FOR_S}s
        cooldown: 5s
        escalate: { after: ${AFTER_S}s, severity: critical, receiver: oncall }
`;

describe.skipIf(prom.missing || am.missing)('escalation end to end: Prometheus → Alertmanager → on-call webhook', () => {
  let depth = 0;
  let app: Server;
  let hook: WebhookSink;
  let alertmanager: RunningAlertmanager;
  let p: RunningPrometheus;

  beforeAll(async () => {
    app = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`app_queue_depth{queue="mail"} ${depth}\n`),
    );
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(app.address() as { port: number }).port}`;
    hook = await startWebhookSink();
    const compiled = compile([{ path: 'rules/queues.yaml', text: ruleFile(hook.url.replace(/\/+$/, '')) }]);
    expect(compiled.diagnostics.filter(isError)).toEqual([]);
    alertmanager = await startAlertmanager(am.path!, compiled.outputs.get('prometheus/alertmanager.yml')!);
    p = await startPrometheus(
      prom.path!,
      [
        'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}',
        'rule_files: [queues.rules.yml]',
        'alerting:',
        '  alertmanagers:',
        `    - static_configs: [{targets: ['${new URL(alertmanager.url).host}']}]`,
        'scrape_configs:',
        '  - job_name: app',
        `    static_configs: [{targets: ['${target}']}]`,
      ].join('\n'),
      { 'queues.rules.yml': compiled.outputs.get('prometheus/rules/queues.rules.yml')! },
    );
    await eventually(async () => (await p.query('app_queue_depth'))[0], 20_000, 200);
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
    await alertmanager?.stop();
    await hook?.close();
    if (app) {
      app.closeAllConnections();
      await new Promise((r) => app.close(r));
    }
  });

  const activeAt = async (severity: string) => {
    const r = await fetch(`${p.url}/api/v1/alerts`);
    const j = (await r.json()) as {
      data: { alerts: { labels: Record<string, string>; state: string; activeAt: string; keepFiringSince?: string }[] };
    };
    return j.data.alerts.find((a) => a.labels['alertname'] === 'QueueBacklog' && a.labels['severity'] === severity);
  };
  // Prometheus writes nanoseconds ("...08.762815637Z"), which Date.parse misreads.
  const time = (rfc3339: string) => Date.parse(rfc3339.replace(/(\.\d{3})\d*Z$/, '$1Z'));
  const received = (path: string) => hook.received.filter((m) => m.path.endsWith(path)).flatMap((m) => m.body.alerts.map((a) => a.labels));

  it('sends the warning to the team, then the escalated critical to on-call after `after`, through a dip', async () => {
    depth = 150;
    const warning = await eventually(
      async () => {
        const a = await activeAt('warning');
        return a?.state === 'firing' ? a : undefined;
      },
      20_000,
      200,
    );
    const started = time(warning.activeAt);
    // Below the level while the warning fires, until an evaluation has seen it (the rule
    // reports keepFiringSince): the cooldown (5s) rides it out.
    depth = 50;
    const kept = await eventually(
      async () => {
        const a = await activeAt('warning');
        return a?.keepFiringSince ? a : undefined;
      },
      10_000,
      100,
    );
    depth = 150;
    expect(time(kept.activeAt)).toBe(started);
    const critical = await eventually(
      async () => {
        const a = await activeAt('critical');
        return a?.state === 'firing' ? a : undefined;
      },
      30_000,
      200,
    );
    expect(critical.labels).toMatchObject({ escalated_from: 'warning', instance: warning.labels['instance'] });
    // The warning was never restarted: same activation time as before the dip.
    const after = await activeAt('warning');
    expect(time(after!.activeAt)).toBe(started);
    // It fires once the warning has been active for its `for` plus `after` (plus at most a
    // couple of evaluation intervals on a loaded machine), not `after` from the dip.
    const escalatedAt = time(critical.activeAt);
    expect(escalatedAt - started).toBeGreaterThanOrEqual((FOR_S + AFTER_S) * 1000);
    expect(escalatedAt - started).toBeLessThan((FOR_S + AFTER_S + 4) * 1000);
    await eventually(async () => (received('/oncall').length ? true : undefined), 20_000, 200);
    expect(received('/oncall').every((l) => l['severity'] === 'critical' && l['escalated_from'] === 'warning')).toBe(true);
    expect(received('/team').some((l) => l['severity'] === 'warning')).toBe(true);
    expect(received('/team').some((l) => l['severity'] === 'critical')).toBe(false);
  }, 90_000);
});
