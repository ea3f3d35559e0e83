// Item 1 of issue 12: a critical silences the warning of the same series only. The example of
// the issue: free space of every filesystem as raw PromQL, two hosts, two mount points. The
// compiled rules run in promtool on hand-written series (which alerts fire, with which labels),
// and exactly those alerts go to a real Alertmanager running the compiled configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { eventually } from '../support/prometheus.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';
import { scratch } from '../compiler/support.js';
import { alertmanagerTool, compileOne, promtool, promtoolTest } from './levels-support.js';

const rules = (hook: string) => `
version: 1
notify:
  default_receiver: hook
  group_by: [alertname, instance, mountpoint, severity]
  group_wait: 1s
  group_interval: 1s
  receivers:
    - name: hook
      webhook: { url: "${hook}", send_resolved: false }
groups:
  - name: disk
    alerts:
      - alert: FilesystemSpaceLow
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes
        below: { warning: 0.10, critical: 0.05 }
        for: 2m
        summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} is low on space"
        description: Free space is below the level.
`;

// web1 "/" has 3% free (critical, and its warning holds too), web1 "/data" 50%, db1 "/" exactly
// 10% (not below the warning level),
// db1 "/data" 8% (warning only). 100 GiB filesystems; values in bytes.
const FS = (instance: string, mountpoint: string) =>
  `{instance="${instance}", job="vigil", device="/dev/sda1", fstype="ext4", mountpoint="${mountpoint}"}`;
const G = 107374182400;
const handTest = `
rule_files: [RULES]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - { series: 'node_filesystem_size_bytes${FS('web1:9469', '/')}', values: '${G}x10' }
      - { series: 'node_filesystem_avail_bytes${FS('web1:9469', '/')}', values: '${G * 0.03}x10' }
      - { series: 'node_filesystem_size_bytes${FS('web1:9469', '/data')}', values: '${G}x10' }
      - { series: 'node_filesystem_avail_bytes${FS('web1:9469', '/data')}', values: '${G * 0.5}x10' }
      - { series: 'node_filesystem_size_bytes${FS('db1:9469', '/')}', values: '${G}x10' }
      - { series: 'node_filesystem_avail_bytes${FS('db1:9469', '/')}', values: '${G * 0.1}x10' }
      - { series: 'node_filesystem_size_bytes${FS('db1:9469', '/data')}', values: '${G}x10' }
      - { series: 'node_filesystem_avail_bytes${FS('db1:9469', '/data')}', values: '${G * 0.08}x10' }
    alert_rule_test:
      - eval_time: 1m
        alertname: FilesystemSpaceLow
        exp_alerts: []
      - eval_time: 3m
        alertname: FilesystemSpaceLow
        exp_alerts:
          - exp_labels: { severity: critical, instance: web1:9469, job: vigil, device: /dev/sda1, fstype: ext4, mountpoint: / }
            exp_annotations: { summary: '/ on web1:9469 is low on space', description: Free space is below the level. }
          - exp_labels: { severity: warning, instance: web1:9469, job: vigil, device: /dev/sda1, fstype: ext4, mountpoint: / }
            exp_annotations: { summary: '/ on web1:9469 is low on space', description: Free space is below the level. }
          - exp_labels: { severity: warning, instance: db1:9469, job: vigil, device: /dev/sda1, fstype: ext4, mountpoint: /data }
            exp_annotations: { summary: '/data on db1:9469 is low on space', description: Free space is below the level. }
`;

// What fires at 3m above, as Prometheus sends it to Alertmanager.
const firing = [
  { severity: 'critical', instance: 'web1:9469', mountpoint: '/' },
  { severity: 'warning', instance: 'web1:9469', mountpoint: '/' },
  { severity: 'warning', instance: 'db1:9469', mountpoint: '/data' },
].map((l) => ({ alertname: 'FilesystemSpaceLow', job: 'vigil', device: '/dev/sda1', fstype: 'ext4', ...l }));

describe.skipIf(promtool.missing || alertmanagerTool.missing)(
  'inhibition of raw PromQL levels, in promtool and a real Alertmanager',
  () => {
    const tmp = scratch('vigil-inhibit-');
    let hook: WebhookSink;
    let am: RunningAlertmanager;
    let outputs: Map<string, string>;
    beforeAll(async () => {
      hook = await startWebhookSink();
      outputs = compileOne('disk', rules(hook.url));
      am = await startAlertmanager(alertmanagerTool.path!, outputs.get('prometheus/alertmanager.yml')!);
    }, 60_000);
    afterAll(async () => {
      await am?.stop();
      await hook?.close();
      tmp.done();
    });

    it('compares every label of the filesystem series, not alertname alone', () => {
      const text = outputs.get('prometheus/alertmanager.yml')!;
      expect(text).toMatch(/equal:\n\s+- alertname\n\s+- device\n\s+- fstype\n\s+- instance\n\s+- job\n\s+- mountpoint\n/);
    });

    it('fires the critical of web1 "/" and the warning of db1 "/data" (promtool, hand-written series)', () => {
      const r = promtoolTest(tmp.dir, 'disk', outputs, handTest);
      expect(r.code, r.out).toBe(0);
    });

    it('lets the critical of web1 "/" silence only the warning of web1 "/", never db1 "/data"', async () => {
      const res = await fetch(`${am.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(firing.map((labels) => ({ labels, annotations: { summary: 'x' } }))),
      });
      expect(res.status).toBe(200);
      const delivered = () =>
        [
          ...new Set(
            hook.received.flatMap((m) =>
              m.body.alerts.map((a) => `${a.labels['instance']} ${a.labels['mountpoint']} ${a.labels['severity']}`),
            ),
          ),
        ].sort();
      await eventually(async () => (delivered().length >= 2 ? true : undefined), 15_000, 100);
      // Time for a wrongly uninhibited warning to arrive too (group_wait and group_interval are 1s).
      await new Promise((r) => setTimeout(r, 3000));
      expect(delivered()).toEqual(['db1:9469 /data warning', 'web1:9469 / critical']);
    }, 30_000);
  },
);
