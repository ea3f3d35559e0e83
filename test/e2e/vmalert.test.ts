// `vigil compile --target vmalert` against the real VictoriaMetrics tools (Debian's
// victoria-metrics package: vmalert 1.79, which has no keep_firing_for).
//
// 1. Loading: the shipped rules compiled for vmalert load in `vmalert -dryRun` and pass
//    `promtool check rules`; the Prometheus output is refused for its keep_firing_for.
// 2. End to end: VictoriaMetrics single-node scrapes a real vigil every second; vmalert
//    evaluates a compiled rule with a cooldown every second, writes its ALERTS series back to
//    VictoriaMetrics (-remoteWrite.url, which the cooldown needs) and notifies a real
//    Alertmanager, which posts to a webhook of this test. A textfile the test rewrites is the
//    condition. Expected by hand: the alert fires `for` after the condition appears and
//    resolves about the cooldown after it clears: no earlier than the cooldown less one
//    evaluation interval (vmalert's stretch ends `cooldown` after the last evaluation that saw
//    the condition true), well before twice the cooldown.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { readRules } from '../../src/compiler/commands.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { startDaemon, type Daemon } from '../support/daemon.js';
import { freePort } from '../support/ports.js';
import { eventually } from '../support/prometheus.js';
import { run, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

const vmalert = tool('vmalert', 'victoria-metrics');
const vm = tool('victoria-metrics', 'victoria-metrics');
const promtool = tool('promtool', 'prometheus');
const am = tool('prometheus-alertmanager', 'prometheus-alertmanager');

/** The outputs under `prefix`, written to `dir`; their paths there and texts. */
function writeAll(dir: string, outputs: Map<string, string>, prefix: string): { file: string; text: string }[] {
  return [...outputs]
    .filter(([path]) => path.startsWith(prefix))
    .map(([path, text]) => {
      const file = join(dir, path.slice(prefix.length));
      writeFileSync(file, text);
      return { file, text };
    });
}

describe.skipIf(vmalert.missing || promtool.missing)('the shipped rules on vmalert 1.79', () => {
  const shipped = readRules(new URL('../../rules', import.meta.url).pathname);

  it('compiled with --target vmalert, load in vmalert -dryRun and pass promtool check rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vmalert-load-'));
    try {
      const r = compile(shipped, 'prometheus', 'vmalert');
      expect(r.diagnostics.filter(isError)).toEqual([]);
      const files = writeAll(dir, r.outputs, 'vmalert/rules/').map((w) => w.file);
      expect(files.length).toBeGreaterThan(5);
      const v = run(vmalert.path!, ['-dryRun', ...files.map((f) => `-rule=${f}`)]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      const p = run(promtool.path!, ['check', 'rules', '--lint-fatal', ...files]);
      expect(p.code, p.stdout + p.stderr).toBe(0);
      console.log(
        `[vmalert] vmalert -dryRun -rule=<${files.length} files of --target vmalert>: exit ${v.code}; promtool check rules --lint-fatal: exit ${p.code}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the Prometheus output, for keep_firing_for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-vmalert-load-'));
    try {
      const r = compile(shipped);
      const written = writeAll(dir, r.outputs, 'prometheus/rules/');
      const files = written.map((w) => w.file);
      const withCooldown = written.filter((w) => w.text.includes('keep_firing_for')).map((w) => w.file);
      expect(withCooldown.length).toBeGreaterThan(0);
      for (const f of withCooldown) {
        const v = run(vmalert.path!, ['-dryRun', `-rule=${f}`]);
        expect(v.code).not.toBe(0);
        expect(v.stdout + v.stderr).toMatch(/unknown fields in rule: keep_firing_for/);
      }
      const p = run(promtool.path!, ['check', 'rules', '--lint-fatal', ...files]);
      expect(p.code, p.stdout + p.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const SCRAPE_S = 1;
const EVAL_S = 1;
const FOR_S = 2;
const COOLDOWN_S = 15;

const RULE_FILE = `version: 1
groups:
  - name: e2e
    interval: ${EVAL_S}s
    alerts:
      - alert: QueueLong
        expr: e2e_queue_length
        above: 100
        for: ${FOR_S}s
        cooldown: ${COOLDOWN_S}s
        labels: {team: web}
`;

interface VmalertAlert {
  name: string;
  state: string;
  labels: Record<string, string>;
}

describe.skipIf(vmalert.missing || vm.missing || am.missing)(
  'cooldown on vmalert end to end: vigil → VictoriaMetrics → vmalert → Alertmanager',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-vmalert-'));
    const textfiles = join(dir, 'textfile');
    let vigil: VigilProcess | undefined;
    let victoria: Daemon | undefined;
    let alerter: Daemon | undefined;
    let alertmanager: RunningAlertmanager | undefined;
    let hook: WebhookSink | undefined;
    let vmUrl = '';
    let vmalertUrl = '';

    // Written whole under another name and renamed, so a scrape never reads half a file.
    const setQueue = (n: number) => {
      writeFileSync(join(textfiles, '.queue.tmp'), `# TYPE e2e_queue_length gauge\ne2e_queue_length ${n}\n`);
      renameSync(join(textfiles, '.queue.tmp'), join(textfiles, 'queue.prom'));
    };

    beforeAll(async () => {
      mkdirSync(textfiles);
      setQueue(10);
      hook = await startWebhookSink();
      vigil = await startVigilProcess([
        '--collector.disable-defaults',
        '--collector.textfile',
        '--collector.textfile.directory',
        textfiles,
      ]);

      const vmPort = await freePort();
      vmUrl = `http://127.0.0.1:${vmPort}`;
      writeFileSync(
        join(dir, 'scrape.yml'),
        [
          `global: {scrape_interval: ${SCRAPE_S}s}`,
          'scrape_configs:',
          '  - job_name: vigil',
          `    static_configs: [{targets: ['${new URL(vigil.url).host}']}]`,
        ].join('\n'),
      );
      // latencyOffset: VictoriaMetrics answers a query about "now" as of now minus the offset (30 s
      // by default), which is what gives vmalert's remote-written ALERTS time to land before the
      // cooldown's gate reads them. At 1 s, with 1 s evaluations, a loaded machine let the gate
      // miss ALERTS and resolve the alert early (2 of 3 runs with two busy loops); 5 s holds.
      victoria = await startDaemon(
        'victoria-metrics',
        vm.path!,
        [
          `-storageDataPath=${join(dir, 'vm-data')}`,
          `-httpListenAddr=127.0.0.1:${vmPort}`,
          `-promscrape.config=${join(dir, 'scrape.yml')}`,
          '-search.latencyOffset=5s',
          '-search.disableCache',
          '-loggerLevel=WARN',
        ],
        `${vmUrl}/health`,
      );

      alertmanager = await startAlertmanager(
        am.path!,
        [
          'route: {receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h}',
          'receivers:',
          `  - name: hook`,
          `    webhook_configs: [{url: '${hook.url}/hook', send_resolved: true}]`,
        ].join('\n'),
      );

      const compiled = compile([{ path: 'rules/e2e.yaml', text: RULE_FILE }], 'prometheus', 'vmalert');
      expect(compiled.diagnostics.filter(isError)).toEqual([]);
      writeFileSync(join(dir, 'e2e.rules.yml'), compiled.outputs.get('vmalert/rules/e2e.rules.yml')!);
      const vmalertPort = await freePort();
      vmalertUrl = `http://127.0.0.1:${vmalertPort}`;
      alerter = await startDaemon(
        'vmalert',
        vmalert.path!,
        [
          `-rule=${join(dir, 'e2e.rules.yml')}`,
          `-datasource.url=${vmUrl}`,
          `-remoteWrite.url=${vmUrl}`,
          '-remoteWrite.flushInterval=500ms',
          `-notifier.url=${alertmanager.url}`,
          `-evaluationInterval=${EVAL_S}s`,
          `-httpListenAddr=127.0.0.1:${vmalertPort}`,
          '-loggerLevel=WARN',
        ],
        `${vmalertUrl}/health`,
      );

      // Scraped and queryable before the condition is made true.
      await eventually(
        async () => {
          const r = await fetch(`${vmUrl}/api/v1/query?query=${encodeURIComponent('e2e_queue_length')}`);
          const j = (await r.json()) as { data: { result: unknown[] } };
          return j.data.result.length ? true : undefined;
        },
        30_000,
        200,
      );
    }, 90_000);

    afterAll(async () => {
      await alerter?.stop();
      await alertmanager?.stop();
      await victoria?.stop();
      await vigil?.stop();
      await hook?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('fires after for and resolves about the cooldown after the condition clears', async () => {
      const stateOf = async () => {
        const r = await fetch(`${vmalertUrl}/api/v1/alerts`);
        const j = (await r.json()) as { data: { alerts: VmalertAlert[] | null } };
        // vmalert answers null, not [], when nothing is active.
        return (j.data.alerts ?? []).find((a) => a.name === 'QueueLong')?.state;
      };
      const alertsFiring = async () => {
        const q = encodeURIComponent('ALERTS{alertname="QueueLong", alertstate="firing"}');
        const j = (await (await fetch(`${vmUrl}/api/v1/query?query=${q}`)).json()) as { data: { result: unknown[] } };
        return j.data.result.length;
      };
      expect(await stateOf()).toBeUndefined();

      setQueue(200);
      const trueAt = Date.now();
      await eventually(async () => ((await stateOf()) === 'firing' ? true : undefined), 30_000, 100);
      const firingAt = Date.now();
      // for, plus up to one scrape and one evaluation (and a little for a loaded machine).
      expect((firingAt - trueAt) / 1000).toBeGreaterThanOrEqual(FOR_S - 0.5);
      expect((firingAt - trueAt) / 1000).toBeLessThan(FOR_S + SCRAPE_S + EVAL_S + 10);
      const fired = await eventually(async () => hook!.received.find((m) => m.body.status === 'firing'), 30_000, 50);
      expect(fired.body.alerts[0]!.labels).toMatchObject({
        alertname: 'QueueLong',
        severity: 'warning',
        team: 'web',
        job: 'vigil',
        alertgroup: 'e2e',
      });

      // The cooldown needs vmalert's own ALERTS{alertstate="firing"} in VictoriaMetrics: wait
      // until it is there, as it is a few seconds after any alert fires.
      await eventually(async () => ((await alertsFiring()) === 1 ? true : undefined), 30_000, 200);

      setQueue(50);
      const clearedAt = Date.now();
      // Still firing well into the cooldown: without it the alert would resolve within ~2 s.
      await new Promise((r) => setTimeout(r, (COOLDOWN_S / 2) * 1000));
      expect(await stateOf()).toBe('firing');
      await eventually(async () => ((await stateOf()) === undefined ? true : undefined), (COOLDOWN_S + 30) * 1000, 100);
      const resolvedAt = Date.now();
      const held = (resolvedAt - clearedAt) / 1000;
      console.log(
        `[e2e vmalert] condition true → firing ${((firingAt - trueAt) / 1000).toFixed(2)} s (for ${FOR_S}s); cleared → resolved ${held.toFixed(2)} s (cooldown ${COOLDOWN_S}s)`,
      );
      expect(held).toBeGreaterThanOrEqual(COOLDOWN_S - EVAL_S);
      expect(held).toBeLessThan(COOLDOWN_S + SCRAPE_S + EVAL_S + 15);
      // vmalert marks the resolved alert's ALERTS series stale: without that the datasource would
      // show it firing for its lookback (5m), and a condition back within that time would be
      // stretched as if the alert still fired (docs/engines.md).
      await eventually(async () => ((await alertsFiring()) === 0 ? true : undefined), 10_000, 200);
      const resolved = await eventually(async () => hook!.received.find((m) => m.body.status === 'resolved'), 30_000, 50);
      expect(resolved.body.alerts[0]!.labels['alertname']).toBe('QueueLong');
      expect(resolved.receivedAt).toBeGreaterThanOrEqual(clearedAt + (COOLDOWN_S - EVAL_S) * 1000);
    }, 120_000);
  },
);
