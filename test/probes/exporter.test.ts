import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { parseExposition } from '../support/exposition-parse.js';
import { closedPort, httpServer, silentServer, type Listening } from './support.js';

// The probes inside the real exporter: /metrics carries every probe, a down or hung target
// is probe_success 0 on an HTTP 200, and /probe?name= answers through the lead's route.
describe('probes in the running exporter', () => {
  let target: Listening<Server>;
  let silent: Listening;
  let exporter: RunningExporter;

  beforeAll(async () => {
    target = await httpServer((_req, res) => res.end('ok'));
    silent = await silentServer();
    const refused = await closedPort();
    const config = parseConfig(
      [
        'listen: "127.0.0.1:0"',
        'collectors: {cpu: false, cpufreq: false, meminfo: false, loadavg: false, filesystem: false, diskstats: false, netdev: false,',
        '  stat: false, uname: false, os: false, time: false, pressure: false, hwmon: false, runtime: false}',
        'probes:',
        `  - {name: web, kind: http, url: "${target.url}/"}`,
        `  - {name: down, kind: tcp, host: 127.0.0.1, port: ${refused}}`,
        `  - {name: hung, kind: http, url: "http://127.0.0.1:${silent.port}/"}`,
      ].join('\n'),
      'vigil.yml',
    );
    exporter = await startExporter({ config, log: () => undefined });
  });
  afterAll(async () => {
    await exporter?.close();
    await Promise.all([target.close(), silent.close()]);
  });

  it('reports every probe on /metrics within the scrape timeout, failures included', async () => {
    const started = Date.now();
    const r = await fetch(`${exporter.url}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '1' } });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const fams = parseExposition(await r.text());
    const success = Object.fromEntries(fams.get('probe_success')!.series.map((s) => [s.labels['probe'], s.value]));
    expect(success).toEqual({ web: 1, down: 0, hung: 0 });
    const reasons = Object.fromEntries(fams.get('vigil_probe_failure_info')!.series.map((s) => [s.labels['probe'], s.labels['reason']]));
    expect(reasons).toEqual({ down: 'refused', hung: 'timeout' });
    const collector = fams.get('vigil_scrape_collector_success')!.series.find((s) => s.labels['collector'] === 'probes');
    expect(collector?.value).toBe(1);
  });

  it('serves /probe?name= and 404s unknown names', async () => {
    const r = await fetch(`${exporter.url}/probe?name=web`);
    expect(r.status).toBe(200);
    const fams = parseExposition(await r.text());
    expect(fams.get('probe_success')!.series).toEqual([{ labels: { probe: 'web', kind: 'http' }, value: 1 }]);
    expect((await fetch(`${exporter.url}/probe?name=unknown`)).status).toBe(404);
  });
});
