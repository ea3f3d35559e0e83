import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scraper } from '../../src/exporter/scrape.js';
import { parseProbes } from '../../src/probes/config.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { ProbePool } from '../../src/probes/scheduler.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { httpServer, sampleValue, silentServer, type Listening } from './support.js';

const SCRAPE = { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 };

describe('the probes collector', () => {
  let ok: Listening<Server>;
  let silent: Listening;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    ok = await httpServer((_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // A little latency so that concurrent probes overlap and the pool bound shows.
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 20);
    });
    silent = await silentServer();
  });
  afterAll(async () => {
    await Promise.all([ok.close(), silent.close()]);
  });

  const collector = (n: number, hung: number, concurrency?: number) => {
    const list = [
      ...Array.from({ length: n }, (_, i) => ({ name: `ok-${i}`, kind: 'http', url: `${ok.url}/${i}` })),
      ...Array.from({ length: hung }, (_, i) => ({
        name: `hung-${i}`,
        kind: 'http',
        url: `http://127.0.0.1:${silent.port}/`,
        timeout: '1m',
      })),
    ];
    const { probes, problems } = parseProbes(list);
    expect(problems).toEqual([]);
    return new ProbeCollector(probes, SCRAPE, concurrency === undefined ? undefined : new ProbePool(concurrency));
  };

  it('runs every probe in one collect, no more than the pool size at once', async () => {
    maxInFlight = 0;
    const c = collector(40, 0, 8);
    const families = await c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 5000 });
    const success = families.find((f) => f.name === 'probe_success')!;
    expect(success.samples).toHaveLength(40);
    expect(success.samples.every((s) => s.value === 1)).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('finishes inside the scrape deadline with hung targets among healthy ones, and the scrape stays a success', async () => {
    const c = collector(50, 3);
    const scraper = new Scraper([c], { paths: FIXTURE_PATHS });
    const started = Date.now();
    const result = await scraper.scrape(0.5);
    const took = Date.now() - started;
    expect(took).toBeLessThan(600);
    expect(sampleValue(result.families, 'vigil_scrape_collector_success', { collector: 'probes' })).toBe(1);
    expect(sampleValue(result.families, 'probe_success', { probe: 'ok-7' })).toBe(1);
    expect(sampleValue(result.families, 'probe_success', { probe: 'hung-0' })).toBe(0);
    expect(sampleValue(result.families, 'vigil_probe_failure_info', { probe: 'hung-2', reason: 'timeout' })).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(silent.open.size).toBe(0);
  });

  it('stops every probe when the scrape signal fires, and on close()', async () => {
    const c = collector(0, 2);
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 100);
    const families = await c.collect({ paths: FIXTURE_PATHS, signal: abort.signal, deadline: Date.now() + 10_000 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(sampleValue(families, 'vigil_probe_failure_info', { probe: 'hung-1' })).toBe(1);

    const running = c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 10_000 });
    setTimeout(() => void c.close(), 100);
    const t0 = Date.now();
    await running;
    expect(Date.now() - t0).toBeLessThan(500);
  });
});
