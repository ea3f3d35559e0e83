import type { Server } from 'node:http';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { parseExposition } from '../support/exposition-parse.js';
import { httpServer, silentServer, type Listening } from './support.js';

const OFF =
  'collectors: {cpu: false, cpufreq: false, meminfo: false, loadavg: false, filesystem: false, diskstats: false, netdev: false, ' +
  'stat: false, uname: false, os: false, time: false, pressure: false, hwmon: false, runtime: false}';

// /probe?name= runs through the same pool as the scrapes' probes and counts against
// limits.max_requests, so a flood of requests cannot open a connection each.
describe('/probe under the probe pool and the request limit', () => {
  let target: Listening<Server>;
  let silent: Listening;
  let exporter: RunningExporter | undefined;

  beforeAll(async () => {
    target = await httpServer((_req, res) => res.end('ok'));
    silent = await silentServer();
  });
  afterAll(async () => {
    await Promise.all([target.close(), silent.close()]);
  });
  afterEach(async () => {
    await exporter?.close();
    exporter = undefined;
  });

  const start = async (maxRequests: number) => {
    const config = parseConfig(
      [
        'listen: "127.0.0.1:0"',
        OFF,
        `limits: {max_requests: ${maxRequests}}`,
        'probes:',
        `  - {name: web, kind: http, url: "${target.url}/"}`,
        `  - {name: hang, kind: tcp, host: 127.0.0.1, port: ${silent.port}, timeout: 30s, query_response: [{expect: never}]}`,
      ].join('\n'),
      'vigil.yml',
    );
    exporter = await startExporter({ config, log: () => undefined });
    return exporter;
  };

  it('opens no more than 64 connections for 150 concurrent /probe?name=hang, and a healthy probe still runs', async () => {
    const e = await start(1000);
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, silent.open.size);
    }, 10);
    try {
      const flood = Array.from({ length: 150 }, () =>
        fetch(`${e.url}/probe?name=hang`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '2' } }).then(async (r) => ({
          status: r.status,
          text: await r.text(),
        })),
      );
      await new Promise((r) => setTimeout(r, 300));
      const healthy = parseExposition(
        await (await fetch(`${e.url}/probe?name=web`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '2' } })).text(),
      );
      expect(healthy.get('probe_success')?.series[0]?.value).toBe(1);
      const answers = await Promise.all(flood);
      most = Math.max(most, silent.open.size);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const reasons = answers.map((a) => parseExposition(a.text).get('vigil_probe_failure_info')?.series[0]?.labels['reason']);
      expect(new Set(reasons)).toEqual(new Set(['timeout', 'not_run']));
    } finally {
      clearInterval(sampler);
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(64);
  });

  it('answers 503 to /probe past max_requests and counts it', async () => {
    const e = await start(5);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${e.url}/probe?name=hang`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '1' } }).then(async (r) => {
          await r.text();
          return r.status;
        }),
      ),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(5);
    expect(answers.filter((s) => s === 503)).toHaveLength(15);
    const metrics = await (await fetch(`${e.url}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '1' } })).text();
    expect(metrics).toMatch(/^vigil_http_requests_rejected_total 15$/m);
  });
});
