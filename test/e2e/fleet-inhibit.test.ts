import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlertmanager } from '../../src/alertmanager/emit.js';
import { readRules } from '../../src/compiler/commands.js';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { alertmanagerInput } from '../../src/compiler/stack.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { freePort } from '../support/ports.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { run, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';

// A stopped host pages once. Three vigil, each probing the same closed port and watching a
// process group that has no process, so every host's ProbeFailing and ProcessGroupDown fire;
// one real Prometheus scrapes them with the shipped configs' jobs (vigil's /metrics, and the
// per-probe /probe job discovered through /sd/probes, whose instance is the probe's target)
// and evaluates the shipped rules plus two of this test's; one real Alertmanager runs the
// compiled inhibition. Then one vigil stops: its VigilTargetDown must be active, the alerts fed
// by its scrape suppressed (inhibited by it), and every other host's alerts, the per-probe
// alerts of the same target from the other vigil included, untouched.

const prom = tool('prometheus', 'prometheus');
const am = tool('prometheus-alertmanager', 'prometheus-alertmanager');
const amtool = tool('amtool', 'prometheus-alertmanager');
const HOSTS = 3;
const VICTIM = 1;
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** This test's rules beside the shipped ones: a per-probe-job alert and one absent per host. */
function extraRules(victim: string): string {
  return `version: 1
title: Fleet muting
groups:
  - name: fleet-extra
    alerts:
      - alert: ProbeTargetFailing
        probe: failing
        selector: { job: vigil-probes }
        for: 2m
      - alert: HostMetricsMissing
        absent: { metric: 'node_load1{job="vigil", instance="${victim}"}', window: 5m }
`;
}

/** The compiled rules with every `for` cut to `forDuration` and absence windows to `window`. */
function shortened(text: string, forDuration: string, window: string): string {
  const doc = yaml.load(text) as { groups: { rules: Record<string, unknown>[] }[] };
  for (const g of doc.groups) {
    for (const r of g.rules) {
      if ('for' in r) r['for'] = forDuration;
      if (typeof r['expr'] === 'string') r['expr'] = r['expr'].replace(/absent_over_time\((.*)\[5m\]\)/, `absent_over_time($1[${window}])`);
    }
  }
  return yaml.dump(doc);
}

interface AmAlert {
  labels: Record<string, string>;
  fingerprint: string;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] };
}

const shippedJob = (file: string, name: string) => {
  const cfg = yaml.load(readFileSync(join(REPO, 'prometheus', file), 'utf8')) as { scrape_configs: Record<string, unknown>[] };
  const job = cfg.scrape_configs.find((j) => j['job_name'] === name);
  if (!job) throw new Error(`prometheus/${file} has no job ${name}`);
  return job;
};

describe.skipIf(prom.missing || am.missing || amtool.missing)(
  "a stopped vigil: its VigilTargetDown fires and mutes the alerts fed by its scrape, nobody else's",
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fleet-inhibit-'));
    const hosts: VigilProcess[] = [];
    const instances: string[] = [];
    let probeTarget = '';
    let hook: WebhookSink;
    let alertmanager: RunningAlertmanager;
    let p: RunningPrometheus;

    beforeAll(async () => {
      // Nothing listens there: every vigil's tcp probe is refused.
      probeTarget = `127.0.0.1:${await freePort()}`;
      writeFileSync(
        join(dir, 'vigil.yml'),
        [
          'process_names:',
          '  - name: worker',
          '    comm: [vigil-no-such-worker]',
          'probes:',
          '  - name: db',
          '    kind: tcp',
          '    host: 127.0.0.1',
          `    port: ${probeTarget.split(':')[1]}`,
          '    timeout: 500ms',
        ].join('\n'),
      );
      hosts.push(
        ...(await Promise.all(
          Array.from({ length: HOSTS }, () =>
            startVigilProcess([
              '--config',
              join(dir, 'vigil.yml'),
              '--path.procfs',
              FIXTURE_PATHS.procfs,
              '--path.sysfs',
              FIXTURE_PATHS.sysfs,
              '--path.rootfs',
              FIXTURE_PATHS.rootfs,
              '--collector.disable-defaults',
              '--collector.loadavg',
            ]),
          ),
        )),
      );
      instances.push(...hosts.map((h) => new URL(h.url).host));

      const compiled = compile([
        ...readRules(join(REPO, 'rules')),
        { path: 'rules/fleet-extra.yaml', text: extraRules(instances[VICTIM]!) },
      ]);
      expect(compiled.diagnostics.filter(isError)).toEqual([]);
      const ruleFiles: Record<string, string> = {};
      for (const [path, text] of compiled.outputs) {
        if (path.startsWith('prometheus/rules/')) ruleFiles[path.slice('prometheus/rules/'.length)] = shortened(text, '4s', '5s');
      }

      // The compiled inhibition and alert list; the receivers are this test's webhook instead of
      // the stack's mail catcher, so nothing leaves loopback.
      hook = await startWebhookSink();
      const { input } = alertmanagerInput(compiled.models);
      const amYaml = renderAlertmanager({
        ...input,
        notify: {
          defaultReceiver: 'hook',
          groupWait: '1s',
          groupInterval: '1s',
          repeatInterval: '1h',
          receivers: [{ name: 'hook', targets: [{ kind: 'webhook', url: `${hook.url}/hook`, sendResolved: true }] }],
          routes: [],
        },
      });
      writeFileSync(join(dir, 'alertmanager.yml'), amYaml);
      const check = run(amtool.path!, ['check-config', join(dir, 'alertmanager.yml')]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      alertmanager = await startAlertmanager(am.path!, amYaml);

      // vigil's job as prometheus-fleet.yml has it (file_sd, relabelled `vigil`), and the
      // per-probe job as prometheus.yml has it, with one /sd/probes entry per vigil.
      const vigilJob = { ...shippedJob('prometheus-fleet.yml', 'vigil'), file_sd_configs: [{ files: ['vigil-hosts.yml'] }] };
      const probesJob = shippedJob('prometheus.yml', 'vigil-probes') as { http_sd_configs: { url: string }[] };
      probesJob.http_sd_configs = hosts.map((h) => ({ ...probesJob.http_sd_configs[0]!, url: `${h.url}/sd/probes` }));
      p = await startPrometheus(
        prom.path!,
        yaml.dump({
          global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
          rule_files: ['*.rules.yml'],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(alertmanager.url).host] }] }] },
          scrape_configs: [vigilJob, probesJob],
        }),
        { ...ruleFiles, 'vigil-hosts.yml': yaml.dump([{ targets: instances }]) },
        // Watchdog fires at the first evaluation, maybe before Alertmanager is discovered: resend
        // within seconds, not the default minute.
        { args: ['--rules.alert.resend-delay=1s'] },
      );
    }, 90_000);

    afterAll(async () => {
      await p?.stop();
      await alertmanager?.stop();
      await Promise.all(hosts.map((h) => h.stop()));
      await hook?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const alerts = async (): Promise<AmAlert[]> => {
      const r = await fetch(`${alertmanager.url}/api/v2/alerts`);
      return (await r.json()) as AmAlert[];
    };
    const name = (a: AmAlert) => `${a.labels['alertname']}@${a.labels['instance'] ?? '-'}@${a.labels['vigil'] ?? '-'}`;
    const victim = () => instances[VICTIM]!;

    it("fires every host's probe and process group alerts, on both jobs, with nothing suppressed", async () => {
      // Each vigil: ProbeFailing and ProcessGroupDown on its /metrics, ProbeTargetFailing on the
      // per-probe job (instance = the probe's target, vigil = the vigil that ran it); Watchdog.
      const expected = [
        ...instances.flatMap((h) => [`ProbeFailing@${h}@${h}`, `ProcessGroupDown@${h}@${h}`, `ProbeTargetFailing@${probeTarget}@${h}`]),
        'Watchdog@-@-',
      ].sort();
      let seen: string[] = [];
      const got = await eventually(
        async () => {
          const all = await alerts();
          seen = all.map(name);
          return expected.every((e) => seen.includes(e)) ? all : undefined;
        },
        60_000,
        250,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; missing ${expected.filter((e) => !seen.includes(e)).join(', ')} among ${seen.join(', ')}`);
      });
      expect(got.filter((a) => a.status.state !== 'active').map(name)).toEqual([]);
      expect(got.map(name).filter((n) => n.startsWith('VigilTargetDown') || n.startsWith('HostMetricsMissing'))).toEqual([]);
    }, 90_000);

    it('stopping one vigil: its VigilTargetDown is active and mutes exactly the alerts fed by its scrape', async () => {
      await hosts[VICTIM]!.stop();
      const h = victim();
      // HostMetricsMissing fires 5 s after the last sample, VigilTargetDown 4 s after the first
      // failed scrape (above a slow scrape or two of a live host on a loaded machine).
      const got = await eventually(
        async () => {
          const all = await alerts();
          const down = all.find((a) => name(a) === `VigilTargetDown@${h}@${h}`);
          const missing = all.find((a) => name(a) === `HostMetricsMissing@${h}@-`);
          return down && missing?.status.state === 'suppressed' ? all : undefined;
        },
        45_000,
        250,
      );
      const down = got.find((a) => name(a) === `VigilTargetDown@${h}@${h}`)!;
      expect(down.status).toMatchObject({ state: 'active', inhibitedBy: [] });

      // Hand-written: the victim's alerts whose data came from its scrape, on its /metrics
      // (compared on instance) and on the per-probe job (compared on the vigil label); the
      // absent alert carries the instance its selector names.
      const suppressed = got.filter((a) => a.status.state === 'suppressed');
      expect(suppressed.map(name).sort()).toEqual(
        [
          `HostMetricsMissing@${h}@-`,
          `ProbeFailing@${h}@${h}`,
          `ProbeTargetFailing@${probeTarget}@${h}`,
          `ProcessGroupDown@${h}@${h}`,
        ].sort(),
      );
      for (const a of suppressed) expect(a.status.inhibitedBy, name(a)).toEqual([down.fingerprint]);

      // Everyone else untouched: the other hosts' alerts (their ProbeTargetFailing has the same
      // instance as the victim's), Watchdog, and the victim's own VigilTargetDown.
      const others = got.filter((a) => a.status.state !== 'suppressed');
      for (const a of others) expect(a.status, name(a)).toMatchObject({ state: 'active', inhibitedBy: [] });
      const still = instances
        .filter((_, i) => i !== VICTIM)
        .flatMap((o) => [`ProbeFailing@${o}@${o}`, `ProcessGroupDown@${o}@${o}`, `ProbeTargetFailing@${probeTarget}@${o}`]);
      expect(others.map(name)).toEqual(expect.arrayContaining([...still, 'Watchdog@-@-', `VigilTargetDown@${h}@${h}`]));

      // amtool agrees: with inhibited alerts left out, none of the victim's muted ones is listed.
      const q = run(amtool.path!, ['alert', 'query', `--alertmanager.url=${alertmanager.url}`, '-o', 'json']);
      expect(q.code, q.stderr).toBe(0);
      const listed = (JSON.parse(q.stdout) as AmAlert[]).map(name);
      expect(listed).toContain(`VigilTargetDown@${h}@${h}`);
      expect(listed.filter((n) => suppressed.map(name).includes(n))).toEqual([]);
      expect(listed).toEqual(expect.arrayContaining(still));
    }, 90_000);
  },
);
