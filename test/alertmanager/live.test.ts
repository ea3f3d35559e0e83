import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlertmanager } from '../../src/alertmanager/emit.js';
import type { AlertmanagerInput } from '../../src/alertmanager/types.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { eventually } from '../support/prometheus.js';
import { tool } from '../support/tools.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

// The generated inhibition and cooldown routing in a real Alertmanager: alerts are posted to
// its API as Prometheus would, and the webhook shows what got through.

const am = tool('prometheus-alertmanager', 'prometheus-alertmanager');

function input(url: string): AlertmanagerInput {
  return {
    notify: {
      defaultReceiver: 'hook', groupBy: ['alertname', 'instance', 'severity'], groupWait: '1s', groupInterval: '1s', repeatInterval: '1h',
      receivers: [{ name: 'hook', targets: [{ kind: 'webhook', url, sendResolved: false }] }],
      routes: [],
    },
    alerts: [
      { name: 'HostCpuHigh', severities: ['warning', 'critical'], labels: {}, cooldown: '2s', identity: ['instance'] },
      { name: 'SloBurn', severities: ['warning', 'critical'], labels: {} },
    ],
  };
}

describe.skipIf(am.missing)('the generated config in a real Alertmanager', () => {
  let hook: WebhookSink;
  let alertmanager: RunningAlertmanager;
  beforeAll(async () => {
    hook = await startWebhookSink();
    alertmanager = await startAlertmanager(am.path!, renderAlertmanager(input(hook.url)));
  }, 60_000);
  afterAll(async () => {
    await alertmanager?.stop();
    await hook?.close();
  });

  const post = async (alerts: Record<string, string>[]) => {
    const r = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: { summary: labels['alertname']! } }))),
    });
    expect(r.status).toBe(200);
  };
  const delivered = () => hook.received.flatMap((m) => m.body.alerts.map((a) => `${a.labels['alertname']}/${a.labels['instance'] ?? '-'}/${a.labels['severity']}`));

  it('lets a critical silence the warning of the same alert and instance only; an alert of unknown identity is never inhibited', async () => {
    await post([
      { alertname: 'HostCpuHigh', instance: 'a:9469', severity: 'critical' },
      { alertname: 'HostCpuHigh', instance: 'a:9469', severity: 'warning' },
      { alertname: 'HostCpuHigh', instance: 'b:9469', severity: 'warning' },
      { alertname: 'SloBurn', severity: 'critical', service: 'checkout' },
      { alertname: 'SloBurn', severity: 'warning', service: 'checkout' },
    ]);
    await eventually(async () => (delivered().length >= 4 ? true : undefined), 15_000, 100);
    // Give a wrongly uninhibited warning the time to arrive too.
    await new Promise((r) => setTimeout(r, 2500));
    expect([...new Set(delivered())].sort()).toEqual(['HostCpuHigh/a:9469/critical', 'HostCpuHigh/b:9469/warning', 'SloBurn/-/critical', 'SloBurn/-/warning']);
  }, 30_000);

  it('repeats a still-firing alert after its cooldown, and one without a cooldown only after the default', async () => {
    const count = (key: string) => delivered().filter((d) => d === key).length;
    // HostCpuHigh has a 2 s cooldown: re-posted (as Prometheus does while it fires), it is sent again.
    const until = Date.now() + 12_000;
    while (count('HostCpuHigh/a:9469/critical') < 2 && Date.now() < until) {
      await post([{ alertname: 'HostCpuHigh', instance: 'a:9469', severity: 'critical' }, { alertname: 'SloBurn', severity: 'critical', service: 'checkout' }]);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(count('HostCpuHigh/a:9469/critical')).toBeGreaterThanOrEqual(2);
    expect(count('SloBurn/-/critical')).toBe(1);
  }, 30_000);
});
