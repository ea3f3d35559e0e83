import type { Server } from 'node:http';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleFlag } from '../../src/cli/serve.js';
import { parseConfig } from '../../src/config/load.js';
import type { VigilConfig } from '../../src/config/types.js';
import { MAX_TIMEOUT_SECONDS, scrapeBudgetSeconds } from '../../src/metrics/deadline.js';
import { Scraper } from '../../src/exporter/scrape.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { parseProbes } from '../../src/probes/config.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { parseWebConfig } from '../../src/web/load.js';
import { parseExposition } from '../support/exposition-parse.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { httpServer, sampleValue, type Listening } from '../probes/support.js';

const OFF =
  'collectors: {cpu: false, cpufreq: false, meminfo: false, loadavg: false, filesystem: false, diskstats: false, netdev: false, ' +
  'stat: false, uname: false, os: false, time: false, pressure: false, hwmon: false, runtime: false}';
const SCRAPE = { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 };

// A healthy target that answers /N after N milliseconds.
let slow: Listening<Server>;
beforeAll(async () => {
  slow = await httpServer((req, res) => {
    setTimeout(() => res.end('ok'), Number(req.url!.slice(1)) || 0);
  });
});
afterAll(async () => {
  await slow.close();
});

const probeScraper = (ms: number) => {
  const { probes, problems } = parseProbes([{ name: 'slow', kind: 'http', url: `${slow.url}/${ms}` }]);
  expect(problems).toEqual([]);
  return new Scraper([new ProbeCollector(probes, SCRAPE)], { paths: FIXTURE_PATHS });
};

describe('each scrape keeps its own deadline', () => {
  it("does not let a 0.001 s scrape decide a concurrent 10 s scrape's probes", async () => {
    const s = probeScraper(300);
    // The header 0.001 is floored to a 0.1 s budget; the 10 s scrape arrives while it runs.
    const short = s.scrape(scrapeBudgetSeconds('0.001', 10, 0.5));
    const long = s.scrape(scrapeBudgetSeconds('10', 10, 0.5));
    const [a, b] = await Promise.all([short, long]);
    expect(sampleValue(a.families, 'probe_success', { probe: 'slow' })).toBe(0);
    expect(sampleValue(b.families, 'probe_success', { probe: 'slow' })).toBe(1);
  });

  it('answers a 0.5 s scrape by its own deadline while a 10 s collection runs, and the 10 s one still succeeds', async () => {
    const s = probeScraper(1500);
    const long = s.scrape(9.5);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const short = await s.scrape(scrapeBudgetSeconds('0.5', 10, 0.5));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sampleValue(short.families, 'vigil_probe_failure_info', { probe: 'slow', reason: 'timeout' })).toBe(1);
    expect(sampleValue((await long).families, 'probe_success', { probe: 'slow' })).toBe(1);
  });

  it('still shares a collection between scrapes whose deadlines it fits', async () => {
    let calls = 0;
    const s = new Scraper(
      [
        {
          name: 'counting',
          collect: async () => {
            calls++;
            await new Promise((r) => setTimeout(r, 100));
            return [];
          },
        },
      ],
      { paths: FIXTURE_PATHS },
    );
    const first = s.scrape(9.5);
    await new Promise((r) => setTimeout(r, 20));
    // Later, so a later deadline, and a budget as long: it fits.
    const second = s.scrape(9.5);
    expect(await first).toBe(await second);
    expect(calls).toBe(1);
  });

  it('clamps an absurd timeout header instead of overflowing the timer', async () => {
    expect(scrapeBudgetSeconds('2147484', 10, 0.5)).toBe(MAX_TIMEOUT_SECONDS - 0.5);
    expect(scrapeBudgetSeconds('1e300', 10, 0.5)).toBe(MAX_TIMEOUT_SECONDS - 0.5);
    const config = parseConfig(
      ['listen: "127.0.0.1:0"', OFF, 'probes:', `  - {name: quick, kind: http, url: "${slow.url}/50"}`].join('\n'),
      'vigil.yml',
    );
    const e = await startExporter({ config, log: () => undefined });
    try {
      const r = await fetch(`${e.url}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '2147485' } });
      const fams = parseExposition(await r.text());
      expect(fams.get('vigil_scrape_collector_success')?.series.find((x) => x.labels['collector'] === 'probes')?.value).toBe(1);
      expect(fams.get('probe_success')?.series[0]?.value).toBe(1);
    } finally {
      await e.close();
    }
  });
});

describe('a reload while probes run', () => {
  let e: RunningExporter | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  const config = (): VigilConfig =>
    parseConfig(['listen: "127.0.0.1:0"', OFF, 'probes:', `  - {name: slow, kind: http, url: "${slow.url}/800"}`].join('\n'), 'vigil.yml');

  it('lets a scrape and a /probe in flight finish on the old configuration and reports them healthy', async () => {
    let loads = 0;
    e = await startExporter({
      config: config(),
      reloadConfig: async () => {
        loads++;
        return config();
      },
      lifecycle: true,
      log: () => undefined,
    });
    const headers = { 'X-Prometheus-Scrape-Timeout-Seconds': '5' };
    const scrape = fetch(`${e.url}/metrics`, { headers }).then((r) => r.text());
    const probe = fetch(`${e.url}/probe?name=slow`, { headers }).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 200));
    // The unchanged file, reloaded twice: once by POST, once as SIGHUP does.
    expect((await fetch(`${e.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    expect(await e.reload()).toEqual({ ok: true });
    expect(loads).toBe(2);
    const scraped = parseExposition(await scrape);
    expect(scraped.get('probe_success')?.series[0]?.value).toBe(1);
    expect(scraped.get('vigil_probe_failure_info')).toBeUndefined();
    const probed = parseExposition(await probe);
    expect(probed.get('probe_success')?.series[0]?.value).toBe(1);
    // The generations it replaced are closed once their work is done.
    await e.state.settled();
  });
});

describe('POST /-/reload and the lifecycle switch', () => {
  let e: RunningExporter | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });
  const base = () => ({ ...parseConfig(`listen: "127.0.0.1:0"\n${OFF}\n`, 'vigil.yml') });

  it("is refused with 403 when no web config guards the server, and SIGHUP's path still reloads", async () => {
    let loads = 0;
    e = await startExporter({
      config: base(),
      reloadConfig: async () => {
        loads++;
        return base();
      },
      log: () => undefined,
    });
    const r = await fetch(`${e.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(403);
    expect(await r.text()).toMatch(/--web\.enable-lifecycle/);
    expect(loads).toBe(0);
    expect(await e.reload()).toEqual({ ok: true });
    expect(loads).toBe(1);
  });

  it('is on by default behind basic auth, and can be turned off there too', async () => {
    const web = parseWebConfig(`basic_auth_users:\n  ops: '${bcrypt.hashSync('pw', 4)}'\n`, 'web.yml');
    const auth = { Authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` };
    e = await startExporter({ config: base(), web, reloadConfig: async () => base(), log: () => undefined });
    expect((await fetch(`${e.url}/-/reload`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${e.url}/-/reload`, { method: 'POST', headers: auth })).status).toBe(200);
    await e.close();
    e = await startExporter({ config: base(), web, lifecycle: false, reloadConfig: async () => base(), log: () => undefined });
    expect((await fetch(`${e.url}/-/reload`, { method: 'POST', headers: auth })).status).toBe(403);
  });

  it('reads --web.enable-lifecycle as Prometheus spells it, with an explicit off', () => {
    expect(lifecycleFlag(new Map())).toBeUndefined();
    expect(lifecycleFlag(new Map([['web.enable-lifecycle', true]]))).toBe(true);
    expect(lifecycleFlag(new Map([['web.enable-lifecycle', 'false']]))).toBe(false);
    expect(lifecycleFlag(new Map([['no-web.enable-lifecycle', true]]))).toBe(false);
    expect(() => lifecycleFlag(new Map([['web.enable-lifecycle', 'maybe']]))).toThrow(/true or false/);
  });
});
