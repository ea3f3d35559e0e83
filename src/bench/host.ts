// Host scenario: vigil against node_exporter (Debian prometheus-node-exporter), scraped in
// alternation over one keep-alive connection each: first the ten collectors both have, then each
// exporter's defaults. p50, p99 and CPU per scrape are compared as ratios, with vigil's RSS.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, memoryKb } from './procstat.js';
import { ScrapeClient } from './scrape-client.js';
import { freePort, startServer, type Started } from './spawn.js';
import { fmtMs, ratio, summarize, table } from './stats.js';

// The ten collectors node_exporter and vigil have in common, as named in the design notes.
export const BENCH_COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'filesystem', 'diskstats', 'netdev', 'stat', 'uname', 'os', 'time'];

export interface HostBenchOptions {
  /** Scrapes of each exporter, in alternation. */
  scrapes: number;
  /** Extra vigil-only scrapes to check that its memory stays flat. */
  soakScrapes: number;
  nodeExporter?: string;
}

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** The node flags of a `#!/usr/bin/env -S node FLAGS` line. */
export function shebangFlags(firstLine: string): string[] {
  const m = /^#!\/usr\/bin\/env -S node((?: --?[a-z0-9-]+(?:=\S+)?)*)\s*$/.exec(firstLine);
  if (!m) throw new Error(`not a "#!/usr/bin/env -S node" line: ${firstLine}`);
  return m[1]!.split(' ').filter(Boolean);
}

// vigil is measured with the V8 flags it runs with when started as `vigil` (its shebang, which
// `npm start`, the Dockerfile and the systemd unit repeat): read from the built cli.js itself,
// so the bench cannot drift from them. VIGIL_BENCH_NODE_FLAGS replaces them to compare settings.
// (Loaded from the TypeScript sources, as a test does, there is no cli.js beside it: no flags.)
export const NODE_FLAGS =
  process.env['VIGIL_BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ??
  (existsSync(CLI) ? shebangFlags(readFileSync(CLI, 'utf8').split('\n', 1)[0]!) : []);

/** Which collectors a pair runs: the ten both have in common, or each exporter's full defaults. */
export interface CollectorSet {
  name: string;
  vigil: string[];
  nodeExporter: string[];
  /** The ratio to node_exporter each of p50, p99 and CPU must stay within. */
  target: number;
}

export const COMMON_TEN: CollectorSet = {
  name: `collectors: ${BENCH_COLLECTORS.join(' ')}`,
  vigil: ['--collector.disable-defaults', ...BENCH_COLLECTORS.map((c) => `--collector.${c}`), '--collector.runtime'],
  nodeExporter: ['--collector.disable-defaults', ...BENCH_COLLECTORS.map((c) => `--collector.${c}`)],
  target: 1.0,
};

// node_exporter's defaults plus the optional cpu.info that vigil has on: the set the
// cross-check test compares, family by family.
export const FULL_DEFAULTS: CollectorSet = {
  name: "each exporter's default collectors (node_exporter with --collector.cpu.info)",
  vigil: [],
  nodeExporter: ['--collector.cpu.info'],
  target: 0.75,
};

export async function startVigil(extraArgs: string[] = [], set: CollectorSet = COMMON_TEN): Promise<Started> {
  const port = await freePort();
  return startServer(
    process.execPath,
    [...NODE_FLAGS, CLI, 'serve', '--listen', `127.0.0.1:${port}`, ...set.vigil, ...extraArgs],
    `http://127.0.0.1:${port}/-/healthy`,
  );
}

export async function startNodeExporter(binary: string, set: CollectorSet = COMMON_TEN): Promise<Started> {
  const port = await freePort();
  return startServer(binary, [...set.nodeExporter, `--web.listen-address=127.0.0.1:${port}`], `http://127.0.0.1:${port}/`);
}

export async function benchHost(opts: HostBenchOptions): Promise<string> {
  const parts: string[] = [];
  for (const set of [COMMON_TEN, FULL_DEFAULTS]) parts.push(await benchPair(opts, set));
  return parts.join('\n\n');
}

async function benchPair(opts: HostBenchOptions, set: CollectorSet): Promise<string> {
  const binary = opts.nodeExporter ?? '/usr/bin/prometheus-node-exporter';
  const vigil = await startVigil([], set);
  const ne = await startNodeExporter(binary, set);
  const metricsUrl = (s: Started) => s.url.replace(/\/(-\/healthy)?$/, '/metrics');
  const vc = new ScrapeClient(metricsUrl(vigil));
  const nc = new ScrapeClient(metricsUrl(ne));
  try {
    // Warm-up: JIT for vigil, page cache for both.
    for (let i = 0; i < 200; i++) {
      await vc.scrape();
      await nc.scrape();
    }
    const vLat: number[] = [];
    const nLat: number[] = [];
    const vCpu0 = cpuSeconds(vigil.pid);
    const nCpu0 = cpuSeconds(ne.pid);
    let vBytes = 0;
    let nBytes = 0;
    for (let i = 0; i < opts.scrapes; i++) {
      // Alternate which goes first so neither always follows the other's CPU burst.
      if (i % 2 === 0) {
        const a = await vc.scrape();
        vLat.push(a.seconds);
        vBytes = a.bytes;
        const b = await nc.scrape();
        nLat.push(b.seconds);
        nBytes = b.bytes;
      } else {
        const b = await nc.scrape();
        nLat.push(b.seconds);
        nBytes = b.bytes;
        const a = await vc.scrape();
        vLat.push(a.seconds);
        vBytes = a.bytes;
      }
    }
    const vCpu = ((cpuSeconds(vigil.pid) - vCpu0) / opts.scrapes) * 1000;
    const nCpu = ((cpuSeconds(ne.pid) - nCpu0) / opts.scrapes) * 1000;
    const vMem = memoryKb(vigil.pid);
    const nMem = memoryKb(ne.pid);

    // Soak: vigil alone, RSS sampled every 1,000 scrapes.
    const rssTrail: number[] = [memoryKb(vigil.pid).rss];
    for (let i = 1; i <= opts.soakScrapes; i++) {
      await vc.scrape();
      if (i % 1000 === 0) rssTrail.push(memoryKb(vigil.pid).rss);
    }
    const vs = summarize(vLat);
    const ns = summarize(nLat);
    const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
    const rows = [
      ['', 'vigil', 'node_exporter', 'vigil / node_exporter'],
      ['p50 scrape latency', fmtMs(vs.p50), fmtMs(ns.p50), ratio(vs.p50, ns.p50)],
      ['p99 scrape latency', fmtMs(vs.p99), fmtMs(ns.p99), ratio(vs.p99, ns.p99)],
      ['CPU s / 1,000 scrapes', vCpu.toFixed(3), nCpu.toFixed(3), ratio(vCpu, nCpu)],
      ['peak RSS', mb(vMem.hwm), mb(nMem.hwm), ratio(vMem.hwm, nMem.hwm)],
      ['exposition size', `${vBytes} B`, `${nBytes} B`, ''],
    ];
    const first = rssTrail.length > 2 ? rssTrail[1]! : rssTrail[0]!;
    const last = rssTrail[rssTrail.length - 1]!;
    // The old generation grows to its working size over the first few thousand scrapes; the
    // second half of the trail tells settling from a leak.
    const middle = rssTrail[Math.floor((rssTrail.length - 1) / 2)]!;
    const met = (r: number) => (r <= set.target ? 'met' : 'NOT met');
    const peak = memoryKb(vigil.pid).hwm;
    return [
      `host scenario: ${opts.scrapes} scrapes of each, alternating, one keep-alive connection each; ${set.name}`,
      table(rows),
      `vigil RSS over ${opts.soakScrapes} more scrapes (MB, every 1,000): ${rssTrail.map((k) => (k / 1024).toFixed(1)).join(' ')}`,
      `RSS drift after the first 1,000: ${((last - first) / 1024).toFixed(1)} MB, over the second half: ${((last - middle) / 1024).toFixed(1)} MB; peak ${mb(peak)} (target < 80 MB: ${peak < 80 * 1024 ? 'met' : 'NOT met'})`,
      `targets: p50 <= ${set.target}x node_exporter: ${met(vs.p50 / ns.p50)}; p99 <= ${set.target}x: ${met(vs.p99 / ns.p99)}; CPU <= ${set.target}x: ${met(vCpu / nCpu)}`,
    ].join('\n');
  } finally {
    vc.close();
    nc.close();
    await vigil.stop();
    await ne.stop();
  }
}
