import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAlertmanager } from '../../src/alertmanager/emit.js';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { alertmanagerInput } from '../../src/compiler/stack.js';
import { startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.js';
import { makePki } from '../support/certs.js';
import { freePort } from '../support/ports.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { run, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { startWebhookSink, type WebhookSink } from '../support/webhook-sink.js';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { COOLDOWN_SECONDS, DASHBOARD_URL, FOR_SECONDS, ruleFile } from './alerting-fixture.js';

// The whole chain with real components on loopback: a rule file in vigil's language is
// compiled; vigil probes a web server; Prometheus scrapes vigil every second and evaluates the
// compiled rules every second; Alertmanager routes with the compiled config to a webhook and
// an SMTP server run by this test. The web server goes
// away; the alert must go pending, then firing, then arrive by webhook and e-mail, and be
// resolved when the server comes back. Then every query of every generated dashboard panel
// must return data from that Prometheus.

const SCRAPE_S = 1;
const EVAL_S = 1;
const GROUP_WAIT_S = 1;

const prom = tool('prometheus', 'prometheus');
const am = tool('prometheus-alertmanager', 'prometheus-alertmanager');
const amtool = tool('amtool', 'prometheus-alertmanager');

/** eventually(), with what was awaited named in the error. */
function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms: number, step = 100): Promise<T> {
  return eventually(async () => fn(), ms, step).catch((err: Error) => {
    throw new Error(`${what}: ${err.message}`);
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

describe.skipIf(prom.missing || am.missing || amtool.missing)(
  'alerting end to end: vigil → Prometheus → Alertmanager → webhook and e-mail',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-alerting-'));
    const secrets = join(dir, 'secrets');
    let web: Server | undefined;
    let webPort = 0;
    let tlsWeb: Server | undefined;
    let vigil: VigilProcess | undefined;
    let p: RunningPrometheus | undefined;
    let alertmanager: RunningAlertmanager | undefined;
    let hook: WebhookSink | undefined;
    let smtp: SmtpSink | undefined;
    let instance = '';
    let dashboards: [string, Dashboard][] = [];
    const started = Date.now() / 1000;
    const webApp = () => createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));

    beforeAll(async () => {
      hook = await startWebhookSink();
      smtp = await startSmtpSink();
      webPort = await freePort();
      web = webApp();
      await listen(web, webPort);
      const pki = makePki();
      tlsWeb = createHttpsServer({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) }, (_req, res) =>
        res.writeHead(200).end('ok'),
      );
      await listen(tlsWeb, 0);
      const tlsPort = (tlsWeb.address() as { port: number }).port;

      writeFileSync(
        join(dir, 'vigil.yml'),
        [
          'process_names:',
          '  - name: node',
          '    comm: [node]',
          'probes:',
          '  - name: web',
          '    kind: http',
          `    url: http://127.0.0.1:${webPort}/health`,
          '    timeout: 500ms',
          '  - name: web-tls',
          '    kind: http',
          `    url: https://localhost:${tlsPort}/`,
          '    timeout: 500ms',
          `    tls: {ca_file: ${JSON.stringify(pki.caCert)}}`,
        ].join('\n'),
      );
      vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml')]);
      instance = new URL(vigil.url).host;

      // Alertmanager with the generated routing; secrets from files, as in the shipped stack.
      const { mkdirSync } = await import('node:fs');
      mkdirSync(secrets);
      // Alertmanager 0.25 sends auth_password_file's content verbatim, trailing newline included
      // (the README says to write secret files with printf, not echo).
      writeFileSync(join(secrets, 'smtp-password'), 'smtp-secret-from-file');
      writeFileSync(join(secrets, 'webhook-token'), 'hook-token-from-file\n');
      const compiled = compile([{ path: 'rules/e2e.yaml', text: ruleFile(hook.url, smtp.port) }]);
      expect(compiled.diagnostics.filter(isError)).toEqual([]);
      dashboards = [...compiled.outputs]
        .filter(([path]) => path.startsWith('grafana/dashboards/'))
        .map(([path, text]) => [path, JSON.parse(text) as Dashboard]);
      // The compiled routing, with the secrets directory of this test instead of the container's.
      const { input, sources } = alertmanagerInput(compiled.models);
      const amYaml = renderAlertmanager(input, { secretsDir: secrets, sources });
      writeFileSync(join(dir, 'alertmanager.yml'), amYaml);
      const check = run(amtool.path!, ['check-config', join(dir, 'alertmanager.yml')]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      alertmanager = await startAlertmanager(am.path!, amYaml);

      p = await startPrometheus(
        prom.path!,
        [
          `global: {scrape_interval: ${SCRAPE_S}s, scrape_timeout: ${SCRAPE_S}s, evaluation_interval: ${EVAL_S}s}`,
          'rule_files: [e2e.rules.yml]',
          'alerting:',
          '  alertmanagers:',
          `    - static_configs: [{targets: ['${new URL(alertmanager.url).host}']}]`,
          'scrape_configs:',
          '  - job_name: vigil',
          `    static_configs: [{targets: ['${instance}']}]`,
        ].join('\n'),
        { 'e2e.rules.yml': compiled.outputs.get('prometheus/rules/e2e.rules.yml')! },
      );
      await until('vigil scraped with the probe up', async () => (await p!.query('probe_success{probe="web"} == 1'))[0], 20_000);
    }, 90_000);

    afterAll(async () => {
      await p?.stop();
      await alertmanager?.stop();
      await vigil?.stop();
      if (web?.listening) await close(web);
      if (tlsWeb?.listening) await close(tlsWeb);
      await hook?.close();
      await smtp?.close();
    });

    it('fires when the probed server goes away, notifies webhook and e-mail, and resolves when it is back', async () => {
      const stateOf = async () => {
        const r = await fetch(`${p!.url}/api/v1/alerts`);
        const j = (await r.json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
        return j.data.alerts.find((a) => a.labels['alertname'] === 'ProbeFailing')?.state;
      };
      expect(await stateOf()).toBeUndefined();

      await close(web!);
      const conditionTrue = Date.now();
      const seen: { state: string; at: number }[] = [];
      const firing = await until(
        'ProbeFailing firing in Prometheus',
        async () => {
          const s = await stateOf();
          if (s && seen.at(-1)?.state !== s) seen.push({ state: s, at: Date.now() });
          return s === 'firing' ? s : undefined;
        },
        30_000,
        50,
      );
      expect(firing).toBe('firing');
      expect(seen.map((s) => s.state)).toEqual(['pending', 'firing']);
      const pendingFor = (seen[1]!.at - seen[0]!.at) / 1000;
      expect(pendingFor).toBeGreaterThanOrEqual(FOR_SECONDS - EVAL_S);

      const fired = await until(
        'firing notification at the webhook',
        () => hook!.received.find((m) => m.path === '/oncall' && m.body.status === 'firing'),
        30_000,
        20,
      );
      const alert = fired.body.alerts[0]!;
      expect(fired.body.receiver).toBe('oncall');
      expect(fired.authorization).toBe('Bearer hook-token-from-file');
      expect(alert.labels).toMatchObject({
        alertname: 'ProbeFailing',
        severity: 'critical',
        team: 'web',
        probe: 'web',
        kind: 'http',
        job: 'vigil',
        instance,
      });
      expect(alert.annotations['summary']).toBe(`Probe web on ${instance} is failing`);
      expect(alert.annotations['dashboard']).toBe(`${DASHBOARD_URL}/d/vigil-rules-e2e?var-instance=${instance}`);
      // Routing: a critical went to on-call only, not to the default or the team webhook.
      expect(hook!.received.filter((m) => m.path !== '/oncall')).toEqual([]);

      // The chain adds for + group_wait for sure, and up to one scrape and one evaluation
      // interval on top depending on where their ticks fall: the "theoretical minimum"
      // (for + scrape + eval + group_wait) is the worst case of that, not a floor.
      const latency = (fired.receivedAt - conditionTrue) / 1000;
      const floor = FOR_SECONDS + GROUP_WAIT_S;
      const bound = FOR_SECONDS + SCRAPE_S + EVAL_S + GROUP_WAIT_S;
      console.log(
        `[e2e alerting] condition true → webhook: ${latency.toFixed(2)} s; for ${FOR_SECONDS}s + scrape ${SCRAPE_S}s + ` +
          `eval ${EVAL_S}s + group_wait ${GROUP_WAIT_S}s = ${bound} s (at least ${floor} s); ` +
          `pending ${((seen[0]!.at - conditionTrue) / 1000).toFixed(2)} s after, firing ${((seen[1]!.at - conditionTrue) / 1000).toFixed(2)} s after`,
      );
      expect(latency).toBeGreaterThanOrEqual(floor - 0.5);
      expect(latency).toBeLessThan(bound + 10);

      const mail = await until('firing e-mail at the SMTP sink', () => smtp!.mails.find((m) => /FIRING/.test(m.data)), 30_000, 20);
      expect(mail.to).toEqual(['oncall@example.org']);
      expect(mail.from).toBe('vigil@example.org');
      expect(mail.auth).toEqual({ username: 'vigil', password: 'smtp-secret-from-file' });
      expect(mail.data).toMatch(/^Subject: .*FIRING.*ProbeFailing/m);
      // The text part (quoted-printable) lists the labels and the summary annotation.
      expect(mail.data.replace(/=\r\n/g, '').replace(/=3D/g, '=')).toContain(`summary = Probe web on ${instance} is failing`);

      // The server comes back: the probe succeeds, the alert resolves, both channels say so.
      web = webApp();
      await listen(web, webPort);
      const cleared = Date.now();
      const resolved = await until(
        'resolved notification at the webhook',
        () => hook!.received.find((m) => m.path === '/oncall' && m.body.status === 'resolved'),
        30_000,
        20,
      );
      expect(resolved.body.alerts[0]!.labels['alertname']).toBe('ProbeFailing');
      expect(resolved.body.alerts[0]!.status).toBe('resolved');
      // The cooldown (keep_firing_for) holds the alert firing at least that long after it cleared.
      expect(resolved.receivedAt - cleared).toBeGreaterThanOrEqual(COOLDOWN_SECONDS * 1000);
      console.log(
        `[e2e alerting] condition cleared → resolved at the webhook: ${((resolved.receivedAt - cleared) / 1000).toFixed(2)} s (cooldown ${COOLDOWN_SECONDS}s)`,
      );
      await until('resolved e-mail', () => smtp!.mails.find((m) => /RESOLVED/.test(m.data)), 30_000, 20);
      expect(await stateOf()).toBeUndefined();
    }, 120_000);

    it('returns data for every query of every generated dashboard panel', async () => {
      const vars: Record<string, string> = {
        job: 'vigil',
        instance: instance.replace(/\./g, '\\\\.'),
        groupname: '.+',
        probe: '.+',
        __rate_interval: '1m',
      };
      const substitute = (expr: string) => expr.replace(/\$(\w+)/g, (m, name: string) => vars[name] ?? m);
      const end = Date.now() / 1000;
      const empty: string[] = [];
      let checked = 0;
      expect(dashboards.map(([path]) => path)).toContain('grafana/dashboards/rules-e2e.json');
      for (const [path, d] of dashboards) {
        const panels = d.panels!.flatMap((x) => [x, ...((x as { panels?: (typeof x)[] }).panels ?? [])]);
        for (const panel of panels) {
          if (panel.type === 'row' || panel.type === 'alertlist') continue;
          const targets = (panel as { targets?: { expr?: string; instant?: boolean }[] }).targets ?? [];
          expect(targets.length, `${path}: ${panel.title}`).toBeGreaterThan(0);
          for (const t of targets) {
            const expr = substitute(t.expr!);
            expect(expr, 'every variable substituted').not.toMatch(/\$\w/);
            const url = t.instant
              ? `${p!.url}/api/v1/query?query=${encodeURIComponent(expr)}`
              : `${p!.url}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${started}&end=${end}&step=1`;
            const j = (await (await fetch(url)).json()) as { status: string; error?: string; data?: { result: unknown[] } };
            expect(j.status, `${path}: ${panel.title}: ${expr}: ${j.error}`).toBe('success');
            checked += 1;
            if (!j.data!.result.length) empty.push(`${path}: ${panel.title}: ${expr}`);
          }
        }
        // The variables' label_values(...) and the alert annotations must find something too.
        const variables = (d.templating?.list ?? []).filter((v) => v.type === 'query') as { name: string; query?: string }[];
        const extra = [
          ...variables.map((v) => {
            const m = /^label_values\((.+), (\w+)\)$/.exec(v.query ?? '');
            expect(m, `${path}: variable ${v.name}`).not.toBeNull();
            return { what: `variable ${v.name}`, expr: `count by (${m![2]}) (${m![1]})` };
          }),
          ...(d.annotations?.list ?? []).filter((a) => a.expr).map((a) => ({ what: `annotation ${a.name}`, expr: a.expr! })),
        ];
        for (const x of extra) {
          const expr = substitute(x.expr);
          const url = `${p!.url}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${started}&end=${end}&step=1`;
          const j = (await (await fetch(url)).json()) as { status: string; error?: string; data?: { result: unknown[] } };
          expect(j.status, `${path}: ${x.what}: ${expr}: ${j.error}`).toBe('success');
          checked += 1;
          if (!j.data!.result.length) empty.push(`${path}: ${x.what}: ${expr}`);
        }
      }
      console.log(
        `[e2e alerting] ${checked} dashboard queries run (panels, variables, annotations), ${checked - empty.length} returned data`,
      );
      expect(empty).toEqual([]);
      expect(checked).toBeGreaterThan(40);
    }, 60_000);
  },
);
