// SIGTERM while Prometheus is mid-scrape: the scrape gets its whole answer, new connections
// are refused, and vigil exits 0; what is still running at the end of the grace period is cut.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Collector } from '../../src/collectors/types.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { startExporter } from '../../src/exporter/server.js';
import { gauge } from '../../src/metrics/model.js';
import { startVigilProcess } from '../support/vigil-process.js';

function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SIGTERM during a scrape', () => {
  let slow: Server;
  let probed = 0;
  afterAll(() => {
    slow?.closeAllConnections();
    slow?.close();
  });

  it('answers the scrape in flight in full, refuses new connections, and exits 0', async () => {
    // The probe target answers after 1.5 s, so the scrape is still running when SIGTERM comes.
    slow = createServer((_req, res) => {
      probed++;
      setTimeout(() => res.end('ok'), 1500);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-term-')), 'vigil.yml');
    writeFileSync(
      file,
      `collectors: {cpu: false, filesystem: false, diskstats: false}\nprobes:\n  - {name: slow, kind: http, url: "http://127.0.0.1:${(slow.address() as AddressInfo).port}/", timeout: 5s}\n`,
    );
    const vigil = await startVigilProcess(['--config', file]);
    const exited = new Promise<number | null>((r) => vigil.child.once('exit', (code) => r(code)));
    const answer = scrape(`${vigil.url}/metrics`);
    await until('the probe to start', () => probed > 0);
    vigil.child.kill('SIGTERM');
    // New connections are refused while the scrape is still being answered.
    let closed = false;
    for (let i = 0; i < 100 && !closed; i++) {
      closed = await refused(vigil.url);
      if (!closed) await new Promise((res) => setTimeout(res, 10));
    }
    expect(closed).toBe(true);
    expect(probed).toBe(1);
    const r = await answer;
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^probe_success\{[^}]*probe="slow"[^}]*\} 1$/m);
    expect(r.body).toMatch(/^vigil_build_info\{/m);
    expect(await exited).toBe(0);
    expect(vigil.stderr()).toMatch(
      /level=info msg="shutting down: no new connections, waiting for requests in flight" signal=SIGTERM grace_seconds=10$/m,
    );
    expect(vigil.stderr()).toMatch(/level=info msg=stopped$/m);
  }, 30_000);
});

describe('shutdown with a grace period', () => {
  it('cuts what is still running when the grace period ends, and no sooner', async () => {
    const hung: Collector = { name: 'hung', collect: () => new Promise(() => undefined) };
    const quick: Collector = {
      name: 'quick',
      collect: async () => {
        await new Promise((r) => setTimeout(r, 200));
        return [gauge('test_quick', 'h', [{ value: 1 }])];
      },
    };
    const config = { ...defaultConfig(), listen: '127.0.0.1:0' };
    const a = await startExporter({ config, collectors: [hung], log: () => undefined });
    // The scraper allows 30 s, so only the grace period can end this one.
    const cutOff = scrape(`${a.url}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': '30' }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await a.shutdown(300)).toEqual({ cut: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await cutOff).toBe('cut');

    const b = await startExporter({ config, collectors: [quick], log: () => undefined });
    const whole = scrape(`${b.url}/metrics`);
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.shutdown(5000)).toEqual({ cut: 0 });
    expect((await whole).body).toMatch(/^test_quick 1$/m);
  });
});
