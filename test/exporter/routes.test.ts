import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { gauge } from '../../src/metrics/model.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';

// The paths beside /metrics are routed by hand on Node's http objects (no web framework):
// what a client sees of them, method by method.
describe('the routes beside /metrics', () => {
  let e: RunningExporter;
  beforeAll(async () => {
    const config = { ...defaultConfig(), listen: '127.0.0.1:0', paths: FIXTURE_PATHS };
    e = await startExporter({
      config,
      collectors: [{ name: 'a', collect: () => [gauge('test_a', 'a', [{ value: 1 }])] }],
      log: () => undefined,
    });
  });
  afterAll(() => e.close());

  it('answers health and readiness as text with a length, and HEAD with the headers alone', async () => {
    const get = await fetch(`${e.url}/-/healthy`);
    expect(get.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(get.headers.get('content-length')).toBe('8');
    expect(await get.text()).toBe('Healthy\n');
    const head = await fetch(`${e.url}/-/ready`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('6');
    expect(await head.text()).toBe('');
  });

  it('serves the landing page whatever the query, as HTML', async () => {
    const r = await fetch(`${e.url}/?from=bookmark`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toContain('<td>a</td>');
  });

  it('answers 404 for an unknown path and for a known path under the wrong method', async () => {
    const cases: [string, string][] = [
      ['GET', '/nope'],
      ['GET', '/-/reload'],
      ['POST', '/-/healthy'],
      ['DELETE', '/'],
      ['GET', '/-/healthy/extra'],
    ];
    for (const [method, path] of cases) {
      const r = await fetch(`${e.url}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(await r.text()).toBe('404 page not found\n');
    }
  });

  it('refuses POST /-/reload without the lifecycle API, and serves /sd/probes and /probe with no probes', async () => {
    const reload = await fetch(`${e.url}/-/reload`, { method: 'POST', body: 'ignored' });
    expect(reload.status).toBe(403);
    expect(await reload.text()).toMatch(/--web\.enable-lifecycle/);
    const sd = await fetch(`${e.url}/sd/probes`);
    expect(sd.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await sd.json()).toEqual([]);
    expect((await fetch(`${e.url}/probe`)).status).toBe(400);
    // A name given twice names no one probe.
    expect((await fetch(`${e.url}/probe?name=a&name=b`)).status).toBe(400);
    expect((await fetch(`${e.url}/probe?name=a`)).status).toBe(404);
  });
});
