import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:https';
import bcrypt from 'bcryptjs';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { scrapeAddress, sdGroups, VIGIL_LABEL } from '../../src/probes/sd.js';
import { VIGIL_LABEL as INHIBITION_LABEL } from '../../src/compiler/conventions.js';
import { parseWebConfig } from '../../src/web/load.js';
import { makePki, type TestPki } from '../support/certs.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { tool } from '../support/tools.js';
import { closedPort, httpServer, probeOf, type Listening } from './support.js';

const NO_HOST_COLLECTORS = [
  'collectors: {cpu: false, cpufreq: false, meminfo: false, loadavg: false, filesystem: false, diskstats: false, netdev: false,',
  '  stat: false, uname: false, os: false, time: false, pressure: false, hwmon: false, runtime: false}',
];

function vigilConfig(probeLines: string[]) {
  return parseConfig(['listen: "127.0.0.1:0"', ...NO_HOST_COLLECTORS, 'probes:', ...probeLines].join('\n'), 'vigil.yml');
}

describe('sdGroups', () => {
  it('gives one group per probe: vigil as the address, the probe target as instance, the name as the name parameter', () => {
    const probes = [
      probeOf({ name: 'api', kind: 'http', url: 'https://api.example:8443/healthz?verbose=1#top' }),
      probeOf({ name: 'smtp', kind: 'tcp', host: 'mail.example', port: 25 }),
      probeOf({ name: 'resolver', kind: 'dns', query_name: 'api.example', server: '10.0.0.2:53' }),
    ];
    expect(sdGroups(probes, 'vigil:9469', 'http')).toEqual([
      {
        targets: ['vigil:9469'],
        labels: {
          __metrics_path__: '/probe',
          __scheme__: 'http',
          __param_name: 'api',
          instance: 'https://api.example:8443/healthz',
          vigil: 'vigil:9469',
          __meta_vigil_probe_name: 'api',
          __meta_vigil_probe_kind: 'http',
        },
      },
      {
        targets: ['vigil:9469'],
        labels: {
          __metrics_path__: '/probe',
          __scheme__: 'http',
          __param_name: 'smtp',
          instance: 'mail.example:25',
          vigil: 'vigil:9469',
          __meta_vigil_probe_name: 'smtp',
          __meta_vigil_probe_kind: 'tcp',
        },
      },
      {
        targets: ['vigil:9469'],
        labels: {
          __metrics_path__: '/probe',
          __scheme__: 'http',
          __param_name: 'resolver',
          instance: 'api.example@10.0.0.2:53',
          vigil: 'vigil:9469',
          __meta_vigil_probe_name: 'resolver',
          __meta_vigil_probe_kind: 'dns',
        },
      },
    ]);
  });

  it('names the vigil that runs the probe with the label the generated inhibition compares', () => {
    expect(VIGIL_LABEL).toBe(INHIBITION_LABEL);
  });

  it('takes the address from the Host header when it is one, else from the socket', () => {
    expect(scrapeAddress('vigil:9469', '10.0.0.1', 9469)).toBe('vigil:9469');
    expect(scrapeAddress('[::1]:9469', '::1', 9469)).toBe('[::1]:9469');
    expect(scrapeAddress('vigil.example', '10.0.0.1', 80)).toBe('vigil.example');
    expect(scrapeAddress('evil"]},{"targets":["x', '10.0.0.1', 9469)).toBe('10.0.0.1:9469');
    expect(scrapeAddress('a b', '::1', 9469)).toBe('[::1]:9469');
    expect(scrapeAddress(undefined, '127.0.0.1', 9469)).toBe('127.0.0.1:9469');
  });
});

describe('GET /sd/probes', () => {
  let target: Listening<Server>;
  let plain: RunningExporter;
  let none: RunningExporter;
  beforeAll(async () => {
    target = await httpServer((_req, res) => res.end('ok'));
    plain = await startExporter({
      config: vigilConfig([
        `  - {name: web, kind: http, url: "${target.url}/health"}`,
        '  - {name: db, kind: tcp, host: 127.0.0.1, port: 5432}',
      ]),
      log: () => undefined,
    });
    none = await startExporter({
      config: parseConfig(['listen: "127.0.0.1:0"', ...NO_HOST_COLLECTORS].join('\n'), 'vigil.yml'),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await plain?.close();
    await none?.close();
    await target?.close();
  });

  it('lists the configured probes as http_sd JSON, addressed as the request reached vigil', async () => {
    const r = await fetch(`${plain.url}/sd/probes`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const host = new URL(plain.url).host;
    expect(await r.json()).toEqual([
      {
        targets: [host],
        labels: {
          __metrics_path__: '/probe',
          __scheme__: 'http',
          __param_name: 'web',
          instance: `${target.url}/health`,
          vigil: host,
          __meta_vigil_probe_name: 'web',
          __meta_vigil_probe_kind: 'http',
        },
      },
      {
        targets: [host],
        labels: {
          __metrics_path__: '/probe',
          __scheme__: 'http',
          __param_name: 'db',
          instance: '127.0.0.1:5432',
          vigil: host,
          __meta_vigil_probe_name: 'db',
          __meta_vigil_probe_kind: 'tcp',
        },
      },
    ]);
  });

  it('follows a reload: a probe added or removed is in or out of the next answer', async () => {
    let probes = ['  - {name: one, kind: tcp, host: 127.0.0.1, port: 5432}'];
    const e = await startExporter({ config: vigilConfig(probes), reloadConfig: async () => vigilConfig(probes), log: () => undefined });
    try {
      const names = async () =>
        ((await (await fetch(`${e.url}/sd/probes`)).json()) as { labels: Record<string, string> }[]).map((g) => g.labels['__param_name']);
      expect(await names()).toEqual(['one']);
      probes = ['  - {name: two, kind: tcp, host: 127.0.0.1, port: 6379}'];
      expect((await e.reload()).ok).toBe(true);
      expect(await names()).toEqual(['two']);
    } finally {
      await e.close();
    }
  });

  it('is an empty list without probes', async () => {
    const r = await fetch(`${none.url}/sd/probes`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual([]);
  });
});

describe('GET /sd/probes behind the web config', () => {
  let pki: TestPki;
  let exp: RunningExporter;
  const password = 'sd-secret';
  beforeAll(async () => {
    pki = makePki();
    const hash = bcrypt.hashSync(password, 4);
    const web = parseWebConfig(
      `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\nbasic_auth_users:\n  prometheus: '${hash}'\n`,
      `${pki.dir}/web.yml`,
    );
    exp = await startExporter({
      config: vigilConfig(['  - {name: db, kind: tcp, host: 127.0.0.1, port: 5432}']),
      web,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await exp?.close();
  });

  function get(auth?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${exp.url}/sd/probes`, { ca: pki.read(pki.caCert), timeout: 5000, ...(auth ? { auth } : {}) }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses a client without credentials or with a wrong password, as /metrics does', async () => {
    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toContain('db');
    expect((await get('prometheus:wrong')).status).toBe(401);
  });

  it('answers an authenticated client over TLS, and tells Prometheus to scrape /probe over https', async () => {
    const r = await get(`prometheus:${password}`);
    expect(r.status).toBe(200);
    const groups = JSON.parse(r.body) as { labels: Record<string, string> }[];
    expect(groups.map((g) => [g.labels['__param_name'], g.labels['__scheme__']])).toEqual([['db', 'https']]);
  });
});

const prom = tool('prometheus', 'prometheus');

// The shipped job as it is in prometheus/prometheus.yml, pointed at a vigil on loopback; and
// the job docs/probes.md gives for a vigil that asks for basic auth over TLS.
describe.skipIf(prom.missing)('a real Prometheus discovering probes through /sd/probes', () => {
  let ok: Listening<Server>;
  let plain: RunningExporter;
  let guarded: RunningExporter;
  let pki: TestPki;
  let p: RunningPrometheus;
  let refused = 0;
  beforeAll(async () => {
    ok = await httpServer((req, res) => {
      res.statusCode = req.url === '/down' ? 503 : 200;
      res.end('ok');
    });
    refused = await closedPort();
    plain = await startExporter({
      config: vigilConfig([
        `  - {name: web, kind: http, url: "${ok.url}/health"}`,
        `  - {name: web-down, kind: http, url: "${ok.url}/down"}`,
        `  - {name: db, kind: tcp, host: 127.0.0.1, port: ${refused}}`,
      ]),
      log: () => undefined,
    });
    pki = makePki();
    const hash = bcrypt.hashSync('sd-secret', 4);
    const web = parseWebConfig(
      `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\nbasic_auth_users:\n  prometheus: '${hash}'\n`,
      `${pki.dir}/web.yml`,
    );
    guarded = await startExporter({
      config: vigilConfig([`  - {name: guarded-web, kind: http, url: "${ok.url}/guarded"}`]),
      web,
      log: () => undefined,
    });

    const shipped = yaml.load(readFileSync('prometheus/prometheus.yml', 'utf8')) as {
      scrape_configs: { job_name: string; http_sd_configs?: { url: string }[] }[];
    };
    const job = shipped.scrape_configs.find((j) => j.job_name === 'vigil-probes');
    if (!job?.http_sd_configs?.[0]) throw new Error('prometheus/prometheus.yml has no vigil-probes job with http_sd_configs');
    const sd = new URL(job.http_sd_configs[0].url);
    sd.host = new URL(plain.url).host;
    job.http_sd_configs[0].url = sd.toString();
    Object.assign(job.http_sd_configs[0], { refresh_interval: '1s' });
    const auth = { username: 'prometheus', password: 'sd-secret' };
    // Certificates name localhost; the loopback address is what vigil listens on.
    const tls = { ca_file: pki.caCert, server_name: 'localhost' };
    const guardedJob = {
      job_name: 'vigil-probes-guarded',
      basic_auth: auth,
      tls_config: tls,
      http_sd_configs: [{ url: `${guarded.url}/sd/probes`, refresh_interval: '1s', basic_auth: auth, tls_config: tls }],
    };
    p = await startPrometheus(
      prom.path!,
      yaml.dump({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        scrape_configs: [job, guardedJob],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
    await plain?.close();
    await guarded?.close();
    await ok?.close();
  });

  it('has one probe_success series per probe, with instance = the probe target and the probe name kept', async () => {
    const series = await eventually(async () => {
      const r = await p.query('probe_success{job="vigil-probes"}');
      return r.length === 3 ? r : undefined;
    }, 30_000);
    const seen = series
      .map((s) => ({ instance: s.metric['instance'], probe: s.metric['probe'], kind: s.metric['kind'], value: s.value[1] }))
      .sort((a, b) => a.probe!.localeCompare(b.probe!));
    expect(seen).toEqual([
      { instance: `127.0.0.1:${refused}`, probe: 'db', kind: 'tcp', value: '0' },
      { instance: `${ok.url}/health`, probe: 'web', kind: 'http', value: '1' },
      { instance: `${ok.url}/down`, probe: 'web-down', kind: 'http', value: '0' },
    ]);
    // The name went to vigil as ?name=, not as a label that would clash with the series' own.
    const clashes = await p.query('{job="vigil-probes", exported_probe!=""}');
    expect(clashes).toEqual([]);
    // The vigil that ran each probe, which Alertmanager compares with VigilTargetDown's.
    expect(series.map((s) => s.metric['vigil'])).toEqual([0, 1, 2].map(() => new URL(plain.url).host));
    expect(await p.query('{job="vigil-probes", exported_vigil!=""}')).toEqual([]);
    const up = await p.query('up{job="vigil-probes"}');
    expect(up.map((u) => u.value[1])).toEqual(['1', '1', '1']);
  }, 60_000);

  it('discovers and scrapes a vigil that asks for basic auth over TLS with the documented job', async () => {
    const series = await eventually(async () => (await p.query('probe_success{job="vigil-probes-guarded"}'))[0], 30_000);
    expect(series.metric['instance']).toBe(`${ok.url}/guarded`);
    expect(series.metric['probe']).toBe('guarded-web');
    expect(series.value[1]).toBe('1');
  }, 60_000);
});
