import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// 200 concurrent scrapers on loopback for a bounded time against a real vigil process with
// the default limit of 40 concurrent /metrics requests and a probe of a target that takes
// 200 ms to answer, so every collection takes that long and requests pile up: the excess
// must be turned away with 503 at once, and everything within the limit served whole.
// (Without a slow collector a host-only vigil serves all 200 without refusing any:
// concurrent scrapes share one collection, so few are ever in flight at once.)

const CONCURRENCY = 200;
const DURATION_MS = Number(process.env['VIGIL_LOAD_SECONDS'] ?? 8) * 1000;

function scrape(agent: Agent, url: string): Promise<{ status: number; complete: boolean }> {
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, complete: body.includes('vigil_build_info{') }));
      res.on('error', () => resolve({ status: -1, complete: false }));
    });
    req.on('error', () => resolve({ status: -1, complete: false }));
    req.on('timeout', () => {
      req.destroy();
    });
    req.end();
  });
}

describe('under load', () => {
  let vigil: VigilProcess;
  let slow: Server;
  beforeAll(async () => {
    slow = createServer((_req, res) => {
      setTimeout(() => res.end('ok'), 200);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const port = (slow.address() as AddressInfo).port;
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-load-')), 'vigil.yml');
    writeFileSync(file, `probes:\n  - {name: slow-api, kind: http, url: "http://127.0.0.1:${port}/health", timeout: 5s}\n`);
    vigil = await startVigilProcess(['--config', file]);
  });
  afterAll(async () => {
    await vigil?.stop();
    slow?.closeAllConnections();
    slow?.close();
  });

  it(
    `turns away what exceeds the limit with 503 and serves the rest whole (${CONCURRENCY} scrapers)`,
    async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const counts = new Map<number, number>();
      let incomplete = 0;
      const end = Date.now() + DURATION_MS;
      const worker = async () => {
        while (Date.now() < end) {
          const r = await scrape(agent, `${vigil.url}/metrics`);
          counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
          if (r.status === 200 && !r.complete) incomplete++;
          if (r.status === 503) await new Promise((res) => setTimeout(res, 20));
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      agent.destroy();
      const ok = counts.get(200) ?? 0;
      const busy = counts.get(503) ?? 0;
      console.log(
        `load: ${ok} served, ${busy} turned away (503), other: ${JSON.stringify([...counts].filter(([s]) => s !== 200 && s !== 503))}`,
      );
      expect(ok).toBeGreaterThan(200);
      expect(busy).toBeGreaterThan(0);
      expect([...counts.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(incomplete).toBe(0);
      // Still healthy afterwards.
      expect((await fetch(`${vigil.url}/-/healthy`)).status).toBe(200);
    },
    DURATION_MS + 30_000,
  );
});
