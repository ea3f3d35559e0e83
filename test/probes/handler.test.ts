import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { buildCollectors } from '../../src/exporter/build.js';
import { probeHandler } from '../../src/probes/handler.js';
import type { ProbeRunner } from '../../src/probes/runner.js';
import { httpServer, silentServer, type Listening } from './support.js';
import { parseExposition } from '../support/exposition-parse.js';

describe('GET /probe?name=', () => {
  let target: Listening<Server>;
  let silent: Listening;
  let app: Server;
  let base = '';
  let runner: ProbeRunner | undefined;

  beforeAll(async () => {
    target = await httpServer((_req, res) => res.end('ok'));
    silent = await silentServer();
    const config = parseConfig(
      [
        'scrape: {default_timeout_seconds: 10, timeout_offset_seconds: 0.5}',
        'probes:',
        `  - {name: web, kind: http, url: "${target.url}/health?verbose=abc"}`,
        `  - {name: other, kind: tcp, host: 127.0.0.1, port: ${target.port}}`,
        `  - {name: hung, kind: http, url: "http://127.0.0.1:${silent.port}/", timeout: 30s}`,
      ].join('\n'),
      'vigil.yml',
    );
    runner = (await buildCollectors(config)).find((c) => c.name === 'probes') as unknown as ProbeRunner;
    // The handler alone, on a plain server: it reads nothing of the path but its query.
    const handle = probeHandler(() => runner);
    app = createServer((req, res) => void handle(req, res)).listen(0, '127.0.0.1');
    await new Promise((r) => app.once('listening', r));
    base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
    await Promise.all([target.close(), silent.close()]);
  });

  it("returns only the named probe's metrics, without the query string of its URL", async () => {
    const r = await fetch(`${base}/probe?name=web`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await r.text();
    const fams = parseExposition(text);
    expect(fams.get('probe_success')?.series).toEqual([{ labels: { probe: 'web', kind: 'http' }, value: 1 }]);
    expect(fams.get('probe_http_status_code')?.series[0]?.value).toBe(200);
    expect(text).not.toContain('other');
    expect(text).not.toContain('verbose');
    expect(fams.get('vigil_probe_info')?.series[0]?.labels['target']).toBe(`${target.url}/health`);
  });

  it('answers 404 for a name that is not configured, and 400 without a name', async () => {
    const r = await fetch(`${base}/probe?name=nope&target=http://169.254.169.254/`);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('nope');
    expect((await fetch(`${base}/probe?target=http://127.0.0.1:${target.port}/`)).status).toBe(400);
  });

  it('answers 404 when no probes are configured at all', async () => {
    const saved = runner;
    runner = undefined;
    try {
      expect((await fetch(`${base}/probe?name=web`)).status).toBe(404);
    } finally {
      runner = saved;
    }
  });

  it('negotiates OpenMetrics like /metrics', async () => {
    const r = await fetch(`${base}/probe?name=other`, { headers: { Accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(r.headers.get('content-type')).toContain('application/openmetrics-text');
    const text = await r.text();
    expect(text).toContain('probe_success{probe="other",kind="tcp"} 1');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('fits a hung probe into the scrape timeout header minus the offset', async () => {
    const started = Date.now();
    const r = await fetch(`${base}/probe?name=hung`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '1' } });
    const took = Date.now() - started;
    const fams = parseExposition(await r.text());
    expect(r.status).toBe(200);
    expect(fams.get('probe_success')?.series[0]?.value).toBe(0);
    expect(fams.get('vigil_probe_failure_info')?.series[0]?.labels['reason']).toBe('timeout');
    // 1 s minus the offset (capped at a quarter of it): done by 0.75 s, plus a little.
    expect(took).toBeGreaterThan(600);
    expect(took).toBeLessThan(1000);
  });
});
