// Process-groups scenario: 2,000 extra processes (sleep under a few distinct command names),
// vigil and process-exporter with the same process_names (one group per command name),
// scraped in alternation over HTTP. vigil runs as `vigil serve` with only the processes
// collector, so the figures include its HTTP server and exposition, like process-exporter's.
// Then the collector runs in this process under a 1 ms interval timer, to measure the longest
// event-loop block a scrape causes, and /-/healthy is timed during vigil's HTTP scrapes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectContext } from '../collectors/types.js';
import { renderText } from '../metrics/exposition.js';
import { createProcessCollector } from '../processes/collector.js';
import { NODE_FLAGS } from './host.js';
import { cpuSeconds } from './procstat.js';
import { ScrapeClient } from './scrape-client.js';
import { freePort, startServer, type Started } from './spawn.js';
import { fmtMs, ratio, summarize, table } from './stats.js';

export interface ProcessBenchOptions {
  scrapes: number;
  processes?: number;
  processExporter?: string;
}

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const NAMES = ['vbench-api', 'vbench-worker', 'vbench-cron', 'vbench-cache', 'vbench-queue', 'vbench-mail', 'vbench-auth', 'vbench-db'];
const PROCESS_NAMES_YAML = 'process_names:\n  - name: "{{.Comm}}"\n    cmdline:\n      - \'.+\'\n';

export async function benchProcesses(opts: ProcessBenchOptions): Promise<string> {
  const count = opts.processes ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-procs-'));
  const children: ChildProcess[] = [];
  // Killed by pid, never by name; `sleep 600` also ends by itself if this process dies hard.
  const killAll = () => {
    for (const c of children) {
      if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
        try {
          process.kill(c.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  };
  process.once('exit', killAll);
  let vigil: Started | undefined;
  let pe: Started | undefined;
  const clients: ScrapeClient[] = [];
  try {
    for (const n of NAMES) symlinkSync('/bin/sleep', join(dir, n));
    for (let i = 0; i < count; i++) {
      const c = spawn(join(dir, NAMES[i % NAMES.length]!), ['600'], { stdio: 'ignore' });
      c.on('error', () => undefined);
      children.push(c);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const config = join(dir, 'process-names.yml');
    writeFileSync(config, PROCESS_NAMES_YAML);

    const vPort = await freePort();
    vigil = await startServer(
      process.execPath,
      [...NODE_FLAGS, CLI, 'serve', '--config', config, '--listen', `127.0.0.1:${vPort}`, '--collector.disable-defaults'],
      `http://127.0.0.1:${vPort}/-/healthy`,
    );
    const pPort = await freePort();
    pe = await startServer(
      opts.processExporter ?? '/usr/bin/prometheus-process-exporter',
      ['-procfs', '/proc', '-config.path', config, '-web.listen-address', `127.0.0.1:${pPort}`],
      `http://127.0.0.1:${pPort}/`,
    );
    const headers = { 'X-Prometheus-Scrape-Timeout-Seconds': '10' };
    const vc = new ScrapeClient(`http://127.0.0.1:${vPort}/metrics`, headers);
    const pc = new ScrapeClient(`http://127.0.0.1:${pPort}/metrics`, headers);
    clients.push(vc, pc);
    for (let i = 0; i < 2; i++) {
      await vc.scrape();
      await pc.scrape();
    }

    const health = new HealthProbe(`http://127.0.0.1:${vPort}/-/healthy`);
    const vLat: number[] = [];
    const pLat: number[] = [];
    const vCpu0 = cpuSeconds(vigil.pid);
    const pCpu0 = cpuSeconds(pe.pid);
    let vBytes = 0;
    let pBytes = 0;
    for (let i = 0; i < opts.scrapes; i++) {
      const v = async () => {
        health.start();
        const r = await vc.scrape();
        await health.stop();
        vLat.push(r.seconds);
        vBytes = r.bytes;
      };
      const p = async () => {
        const r = await pc.scrape();
        pLat.push(r.seconds);
        pBytes = r.bytes;
      };
      if (i % 2 === 0) {
        await v();
        await p();
      } else {
        await p();
        await v();
      }
    }
    const vCpu = ((cpuSeconds(vigil.pid) - vCpu0) / opts.scrapes) * 1000;
    const pCpu = ((cpuSeconds(pe.pid) - pCpu0) / opts.scrapes) * 1000;
    health.close();

    const block = await inProcessBlock(Math.min(opts.scrapes, 10));
    const vs = summarize(vLat);
    const ps = summarize(pLat);
    const rows = [
      ['', 'vigil', 'process-exporter', 'vigil / process-exporter'],
      ['p50 scrape latency', fmtMs(vs.p50), fmtMs(ps.p50), ratio(vs.p50, ps.p50)],
      ['p99 scrape latency', fmtMs(vs.p99), fmtMs(ps.p99), ratio(vs.p99, ps.p99)],
      ['CPU ms / scrape', vCpu.toFixed(1), pCpu.toFixed(1), ratio(vCpu, pCpu)],
      ['exposition size', `${vBytes} B`, `${pBytes} B`, ''],
    ];
    const verdict = vs.p50 <= 0.5 * ps.p50 ? 'met' : 'NOT met';
    return [
      `processes scenario: ${count} extra processes under ${NAMES.length} names, ${opts.scrapes} scrapes of each over HTTP, alternating; process_names: {{.Comm}} for cmdline '.+'`,
      table(rows),
      `target p50 <= 0.5x process-exporter: ${verdict} (${ratio(vs.p50, ps.p50)})`,
      `longest /-/healthy answer while vigil was scraping: ${fmtMs(health.worst / 1000)} over ${health.count} requests`,
      `longest event-loop block, collector + renderText in this process (${block.scrapes} scrapes, ${block.processes} processes matched): ${block.worstMs.toFixed(1)} ms (target < 50 ms); collect p50 ${block.p50Ms.toFixed(1)} ms`,
    ].join('\n');
  } finally {
    for (const c of clients) c.close();
    await vigil?.stop();
    await pe?.stop();
    killAll();
    process.removeListener('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Times the collector in this process under a 1 ms interval: the longest gap is the longest block. */
async function inProcessBlock(scrapes: number): Promise<{ worstMs: number; p50Ms: number; scrapes: number; processes: number }> {
  const collector = createProcessCollector({ process_names: [{ name: '{{.Comm}}', cmdline: ['.+'] }] });
  const ctx: CollectContext = {
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    signal: new AbortController().signal,
    deadline: Date.now() + 600_000,
  };
  await collector.collect(ctx); // first sight: every process is matched once
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const times: number[] = [];
  let processes = 0;
  try {
    for (let i = 0; i < scrapes; i++) {
      await new Promise((r) => setTimeout(r, 5));
      last = performance.now();
      const started = performance.now();
      const text = renderText(await collector.collect(ctx));
      times.push(performance.now() - started);
      processes = 0;
      for (const m of text.matchAll(/^namedprocess_namegroup_num_procs\{[^}]*\} (\d+)/gm)) processes += Number(m[1]);
    }
  } finally {
    clearInterval(timer);
  }
  return { worstMs: worst, p50Ms: summarize(times).p50, scrapes, processes };
}

/** Polls /-/healthy back to back on its own connection and keeps the slowest answer. */
class HealthProbe {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private running: Promise<void> | undefined;
  private on = false;
  worst = 0;
  count = 0;

  constructor(private readonly url: string) {}

  start(): void {
    this.on = true;
    this.running = (async () => {
      while (this.on) {
        const started = performance.now();
        await new Promise<void>((resolve, reject) => {
          const req = request(this.url, { agent: this.agent, timeout: 10_000 }, (res) => {
            res.resume();
            res.on('end', resolve);
          });
          req.on('error', reject);
          req.end();
        });
        this.worst = Math.max(this.worst, performance.now() - started);
        this.count++;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
  }

  async stop(): Promise<void> {
    this.on = false;
    await this.running;
  }

  close(): void {
    this.agent.destroy();
  }
}
