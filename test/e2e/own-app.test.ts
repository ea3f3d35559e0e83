import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { run, tool } from '../support/tools.js';
import { CLI } from '../support/vigil-process.js';

// A team's own app, instrumented with the two clients the README shows (Python's
// prometheus_client, Node's prom-client), scraped by a real Prometheus that evaluates rules
// `vigil compile` made from one-line alerts: "5xx above 5 % for 10 s", "p95 above 1 s",
// and a latency SLO whose bucket Python spells le="1.0". Each app fails one request in ten
// and makes one in five take 1.5 s, so a person expects: the error-ratio and the p95 alerts
// fire for both apps, and a fifth of requests count against the SLO.
const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const PYTHON = '/usr/bin/python3';
const prometheus = tool('prometheus', 'prometheus');
const pythonClient = existsSync('/usr/lib/python3/dist-packages/prometheus_client/__init__.py');
if (!pythonClient && process.env['CI'] === 'true') throw new Error('python3-prometheus-client is not installed; CI must install it');

const RULES = `version: 1
scrape_interval: 1s
groups:
  - name: app
    defaults: { for: 10s }
    alerts:
      - alert: AppErrorRatioHigh
        ratio: { metric: http_requests_total, errors: { code: { regex: "5.." } }, by: [instance, job], window: 30s }
        above: "5%"
      - alert: AppSlow
        latency: { histogram: http_request_duration_seconds, quantile: 0.95, window: 30s, by: [instance, job] }
        above: 1s
      - alert: AppLatencySlo
        slo:
          objective: 99
          period: 1d
          latency: { histogram: http_request_duration_seconds, faster_than: 1s }
          by: [instance, job]
`;

describe.skipIf(prometheus.missing || !pythonClient)("a team's own app, alerted by one-line vigil rules", () => {
  let dir: string;
  let prom: RunningPrometheus;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-own-app-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'app.yaml'), RULES);
    const c = run(process.execPath, [CLI, 'compile', '--rules', join(dir, 'rules'), '--out', join(dir, 'out')]);
    expect(c.code, c.stdout + c.stderr).toBe(0);
    const py = await freePort();
    const js = await freePort();
    children.push(spawn(PYTHON, [join(APPS, 'python_app.py'), String(py)], { stdio: 'ignore' }));
    children.push(
      spawn(process.execPath, [join(APPS, 'node-app.mjs'), String(js)], {
        stdio: 'ignore',
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
      }),
    );
    const config = `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [app.rules.yml]
scrape_configs:
  - job_name: python-app
    static_configs: [{ targets: ['127.0.0.1:${py}'] }]
  - job_name: node-app
    static_configs: [{ targets: ['127.0.0.1:${js}'] }]
`;
    prom = await startPrometheus(prometheus.path!, config, {
      'app.rules.yml': readFileSync(join(dir, 'out', 'prometheus', 'rules', 'app.rules.yml'), 'utf8'),
    });
  }, 60_000);

  afterAll(async () => {
    for (const ch of children) ch.kill('SIGKILL');
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const firing = async (alert: string) =>
    (await prom.query(`ALERTS{alertname="${alert}", alertstate="firing"}`)).map((s) => s.metric['job']).sort();

  it('fires the 5xx ratio alert for both apps (10 % against 5 %)', async () => {
    const jobs = await eventually(
      async () => {
        const j = await firing('AppErrorRatioHigh');
        return j.length === 2 ? j : undefined;
      },
      45_000,
      500,
    );
    expect(jobs).toEqual(['node-app', 'python-app']);
  }, 60_000);

  it('fires the p95 latency alert for both apps (a fifth of requests take 1.5 s)', async () => {
    const jobs = await eventually(
      async () => {
        const j = await firing('AppSlow');
        return j.length === 2 ? j : undefined;
      },
      45_000,
      500,
    );
    expect(jobs).toEqual(['node-app', 'python-app']);
  }, 60_000);

  it('finds the SLO bucket however the client spells it: le="1.0" (Python) and le="1" (Node)', async () => {
    const ratios = await eventually(
      async () => {
        const r = await prom.query('slo:error_ratio:rate5m{slo="app-latency-slo"}');
        return r.length === 2 ? r : undefined;
      },
      45_000,
      500,
    );
    for (const r of ratios) {
      // One request in five is slower than 1 s.
      expect(Number(r.value[1]), r.metric['job']).toBeGreaterThan(0.15);
      expect(Number(r.value[1]), r.metric['job']).toBeLessThan(0.25);
    }
  }, 60_000);
});
