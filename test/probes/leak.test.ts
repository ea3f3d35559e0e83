import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbes } from '../../src/probes/config.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { handleCount, silentServer, type Listening } from './support.js';

// Hung targets are the case that leaks when a probe forgets a socket or a timer: run many
// scrapes against one and check the process holds no more handles afterwards than before.
describe('no leaks across many runs against a hung server', () => {
  let silent: Listening;
  let accepted = 0;
  beforeAll(async () => {
    silent = await silentServer();
    silent.server.on('connection', () => {
      accepted++;
    });
  });
  afterAll(async () => {
    await silent.close();
  });

  it('runs 400 hung probes (http, tcp, tls, redis) in bounded time and leaves no sockets or timers', async () => {
    const { probes } = parseProbes(
      ['http', 'tcp', 'tls', 'redis'].map((kind, i) => ({
        name: `hung-${i}`,
        kind,
        timeout: '15ms',
        ...(kind === 'http' ? { url: `http://127.0.0.1:${silent.port}/` } : { host: '127.0.0.1', port: silent.port }),
        ...(kind === 'tcp' ? { query_response: [{ expect: 'never' }] } : {}),
      })),
    );
    const c = new ProbeCollector(probes, { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 });
    // Warm up once so lazily created handles (the DNS/threadpool, ...) are not counted.
    await c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 1000 });
    await new Promise((r) => setTimeout(r, 50));
    const before = handleCount();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      const families = await c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 1000 });
      const failures = families.find((f) => f.name === 'vigil_probe_failure_info')!;
      expect(failures.samples.map((s) => s.labels!['reason'])).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(accepted).toBeGreaterThanOrEqual(400);
    expect(silent.open.size).toBe(0);
    expect(handleCount()).toBeLessThanOrEqual(before);
    // A generous bound: 400 runs must not hold on to anything of size.
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });
});
