import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collector } from '../../src/collectors/types.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { scrapeBudgetSeconds } from '../../src/metrics/deadline.js';
import { mergeFamilies, Scraper } from '../../src/exporter/scrape.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { counter, gauge } from '../../src/metrics/model.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';

const ok = (name: string, value = 1): Collector => ({ name, collect: () => [gauge(`test_${name}`, 'ok', [{ value }])] });
const throwing: Collector = {
  name: 'broken',
  collect: () => {
    throw new Error('boom');
  },
};
const rejecting: Collector = {
  name: 'rejecting',
  collect: async () => {
    throw new Error('async boom');
  },
};
const hanging: Collector = { name: 'hung', collect: () => new Promise(() => undefined) };
let calls = 0;
const slowCounting: Collector = {
  name: 'slow',
  collect: async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 100));
    return [gauge('test_slow_calls', 'calls', [{ value: calls }])];
  },
};

function success(text: string, collector: string): string | undefined {
  return new RegExp(`^vigil_scrape_collector_success\\{collector="${collector}"\\} (\\d)$`, 'm').exec(text)?.[1];
}

describe('mergeFamilies', () => {
  it('lists a name once, samples of both in order, without changing what the collectors returned', () => {
    const a = gauge('x', 'help', [{ labels: { c: 'a' }, value: 1 }]);
    const b = gauge('y', 'help', [{ value: 2 }]);
    const a2 = gauge('x', 'help', [{ labels: { c: 'b' }, value: 3 }]);
    const wrongType = counter('y', 'help', [{ value: 4 }]);
    const merged = mergeFamilies([a, b, a2, wrongType]);
    expect(merged.map((f) => f.name)).toEqual(['x', 'y']);
    expect(merged[0]!.samples.map((s) => s.value)).toEqual([1, 3]);
    expect(merged[1]).toBe(b);
    expect(a.samples).toHaveLength(1);
    const distinct = [a, b];
    expect(mergeFamilies(distinct)).toBe(distinct);
  });
});

describe('scrape budget', () => {
  it("takes the scraper's timeout minus the offset, capped at a quarter of short timeouts", () => {
    expect(scrapeBudgetSeconds('10', 10, 0.5)).toBe(9.5);
    expect(scrapeBudgetSeconds('1', 10, 0.5)).toBe(0.75);
    expect(scrapeBudgetSeconds(undefined, 10, 0.5)).toBe(9.5);
    expect(scrapeBudgetSeconds('garbage', 4, 0.5)).toBe(3.5);
    expect(scrapeBudgetSeconds('0.05', 10, 0.5)).toBe(0.1);
  });
});

describe('scraper', () => {
  it('serves the rest of the scrape when one collector throws and another rejects', async () => {
    const errors: string[] = [];
    const s = new Scraper([ok('a'), throwing, rejecting, ok('b')], { paths: FIXTURE_PATHS, onError: (c, e) => errors.push(`${c}: ${e}`) });
    const r = await s.scrape(1);
    expect(r.families.map((f) => f.name)).toEqual(expect.arrayContaining(['test_a', 'test_b']));
    expect(r.outcomes.map((o) => [o.name, o.success])).toEqual([
      ['a', true],
      ['broken', false],
      ['rejecting', false],
      ['b', true],
    ]);
    expect(errors).toEqual(['broken: boom', 'rejecting: async boom']);
  });

  it('answers by the deadline when a collector hangs, and marks only that one failed', async () => {
    const s = new Scraper([ok('a'), hanging], { paths: FIXTURE_PATHS });
    const started = Date.now();
    const r = await s.scrape(0.2);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
    expect(r.outcomes.find((o) => o.name === 'hung')).toMatchObject({ success: false });
    expect(r.outcomes.find((o) => o.name === 'hung')!.error).toMatch(/deadline/);
    expect(r.outcomes.find((o) => o.name === 'a')!.success).toBe(true);
  });

  it('lets concurrent scrapes share one in-flight collection', async () => {
    calls = 0;
    const s = new Scraper([slowCounting], { paths: FIXTURE_PATHS });
    const [a, b] = await Promise.all([s.scrape(5), s.scrape(5)]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    await s.scrape(5);
    expect(calls).toBe(2);
  });
});

describe('the /metrics endpoint with faulty collectors', () => {
  let exp: RunningExporter | undefined;
  afterEach(async () => {
    await exp?.close();
    exp = undefined;
  });

  async function start(collectors: Collector[]) {
    const config = { ...defaultConfig(), listen: '127.0.0.1:0', paths: FIXTURE_PATHS };
    exp = await startExporter({ config, collectors, log: () => undefined });
    return exp;
  }

  it('answers within a 1 s scrape timeout while a collector hangs, with success metrics telling the truth', async () => {
    const e = await start([ok('a'), hanging, throwing]);
    const started = Date.now();
    const res = await fetch(`${e.url}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '1' } });
    const text = await res.text();
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(1000);
    expect(success(text, 'a')).toBe('1');
    expect(success(text, 'hung')).toBe('0');
    expect(success(text, 'broken')).toBe('0');
    expect(text).toMatch(/^test_a 1$/m);
    expect(text).toMatch(/^vigil_build_info\{version="[^"]+",nodejs_version="[^"]+"\} 1$/m);
  });

  it('gives two concurrent scrapes the same complete exposition', async () => {
    calls = 0;
    const e = await start([ok('a'), slowCounting]);
    const [x, y] = await Promise.all([fetch(`${e.url}/metrics`).then((r) => r.text()), fetch(`${e.url}/metrics`).then((r) => r.text())]);
    expect(x).toBe(y);
    expect(calls).toBe(1);
    expect(x).toMatch(/^test_slow_calls 1$/m);
    expect(success(x, 'slow')).toBe('1');
  });

  it('serves OpenMetrics when asked, ending in # EOF, and the text format otherwise', async () => {
    const e = await start([
      ok('a'),
      { name: 'c', collect: () => [{ name: 'test_events_total', help: 'h', type: 'counter', samples: [{ value: 3 }] }] },
    ]);
    const om = await fetch(`${e.url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    });
    expect(om.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1.0.0/);
    const body = await om.text();
    expect(body.endsWith('# EOF\n')).toBe(true);
    expect(body).toMatch(/^# TYPE test_events counter$/m);
    expect(body).toMatch(/^test_events_total 3$/m);
    const text = await fetch(`${e.url}/metrics`);
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await text.text()).toMatch(/^# TYPE test_events_total counter$/m);
  });

  it('serves health, readiness and a landing page listing collectors with their last result', async () => {
    const e = await start([ok('a'), throwing]);
    expect(await (await fetch(`${e.url}/-/healthy`)).text()).toBe('Healthy\n');
    expect((await fetch(`${e.url}/-/ready`)).status).toBe(200);
    await fetch(`${e.url}/metrics`);
    const page = await (await fetch(`${e.url}/`)).text();
    expect(page).toContain('<a href="metrics">');
    expect(page).toMatch(/<td>broken<\/td><td>[\d.]+ ms<\/td><td class="bad">failed: boom<\/td>/);
    expect(page).toMatch(/<td>a<\/td><td>[\d.]+ ms<\/td><td class="ok">ok<\/td>/);
  });

  it('does not reuse a response buffer before a slow scraper has read all of it', async () => {
    // Each collection writes its number into every sample; ~11 MB is more than the loopback
    // socket buffers hold (up to 4 MB send, 128 KB receive while unread), so the first
    // response waits in vigil while others are served.
    let generation = 0;
    const numbered = {
      name: 'numbered',
      collect: () => {
        generation++;
        return [
          gauge(
            'test_generation',
            'h',
            Array.from({ length: 200_000 }, (_, i) => ({ labels: { i: String(i), pad: 'x'.repeat(20) }, value: generation })),
          ),
        ];
      },
    };
    const e = await start([numbered]);
    const { port } = new URL(e.url);
    const slow = connect(Number(port), '127.0.0.1');
    slow.pause();
    slow.write('GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    for (let k = 0; k < 5; k++)
      expect(await (await fetch(`${e.url}/metrics`)).text()).toContain(`test_generation{i="199999",pad="${'x'.repeat(20)}"} ${k + 2}`);
    const chunks: Buffer[] = [];
    slow.on('data', (c: Buffer) => chunks.push(c));
    slow.resume();
    await new Promise((r) => slow.once('end', r));
    const body = Buffer.concat(chunks).toString('utf8');
    const values = [...body.matchAll(/^test_generation\{[^}]*\} (\d+)$/gm)].map((m) => m[1]);
    expect(values).toHaveLength(200_000);
    expect(new Set(values)).toEqual(new Set(['1']));
  });

  it('compresses large expositions when the scraper accepts gzip', async () => {
    const many = {
      name: 'many',
      collect: () => [
        gauge(
          'test_many',
          'h',
          Array.from({ length: 500 }, (_, i) => ({ labels: { i: String(i) }, value: i })),
        ),
      ],
    };
    const e = await start([many]);
    const res = await fetch(`${e.url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('test_many{i="499"} 499');
  });
  it('sends gzip only to a scraper that accepts it: q=0 refuses it, an explicit gzip outranks *', async () => {
    const many = {
      name: 'many',
      collect: () => [
        gauge(
          'test_many',
          'h',
          Array.from({ length: 500 }, (_, i) => ({ labels: { i: String(i) }, value: i })),
        ),
      ],
    };
    const e = await start([many]);
    const coding = async (accept: string) =>
      (await fetch(`${e.url}/metrics`, { headers: { 'Accept-Encoding': accept } })).headers.get('content-encoding');
    expect(await coding('gzip;q=0')).toBeNull();
    expect(await coding('gzip; q=0.0, identity')).toBeNull();
    expect(await coding('*;q=1, gzip;q=0')).toBeNull();
    expect(await coding('identity')).toBeNull();
    expect(await coding('gzip;q=0.5')).toBe('gzip');
    expect(await coding('br, *')).toBe('gzip');
  });

  it('answers HEAD /metrics like GET, without a body', async () => {
    const e = await start([ok('a')]);
    const head = await fetch(`${e.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await head.text()).toBe('');
  });
});
