// Probe scenario: 200 HTTP probes of loopback servers in one vigil collect, against the same
// 200 probes run through blackbox_exporter as 200 /probe requests. The targets live in a
// child process so that neither prober's CPU figure includes serving them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { renderText } from '../metrics/exposition.js';
import { parseProbes } from '../probes/config.js';
import { MAX_CONCURRENT_PROBES, ProbeCollector } from '../probes/runner.js';
import { mapPool } from '../probes/pool.js';
import { cpuSeconds } from './procstat.js';
import { freePort, startServer } from './spawn.js';
import { summarize, table } from './stats.js';

const TARGETS = 200;
const ROUNDS = 10;
const WARMUPS = 2;
const HUNG_SCRAPE_TIMEOUT_S = 2;

// Listens on `count` loopback ports answering a small 200, plus one port that accepts and
// never answers; prints the ports as JSON on one line.
const TARGET_SCRIPT = `
const net = require('node:net'), http = require('node:http');
const count = Number(process.argv[1]);
const ports = [];
let ready = 0;
const done = () => { if (++ready === count + 1) console.log(JSON.stringify({ ports, hung: hung.address().port })); };
for (let i = 0; i < count; i++) {
  const s = http.createServer((req, res) => { res.setHeader('Content-Type', 'text/plain'); res.end('ok ' + i + '\\n'); });
  s.listen(0, '127.0.0.1', () => { ports[i] = s.address().port; done(); });
}
const hung = net.createServer((sock) => { sock.resume(); sock.on('error', () => {}); });
hung.listen(0, '127.0.0.1', done);
`;

interface Targets {
  child: ChildProcess;
  ports: number[];
  hung: number;
}

async function startTargets(count: number): Promise<Targets> {
  const child = spawn(process.execPath, ['-e', TARGET_SCRIPT, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`target servers exited with ${code}`)));
  });
  const { ports, hung } = JSON.parse(line) as { ports: number[]; hung: number };
  return { child, ports, hung };
}

function findBlackbox(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(':'), '/usr/bin'];
  return dirs.map((d) => join(d, 'prometheus-blackbox-exporter')).find((p) => existsSync(p));
}

function get(agent: Agent, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

function collector(urls: string[], timeout = '5s'): ProbeCollector {
  const { probes, problems } = parseProbes(urls.map((url, i) => ({ name: `t${i}`, kind: 'http', url, timeout })));
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  return new ProbeCollector(probes, { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 });
}

/** One scrape as /metrics makes it: collect every probe, then render. */
async function scrape(c: ProbeCollector, budgetMs: number): Promise<{ seconds: number; text: string }> {
  const started = performance.now();
  const families = await c.collect({
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    signal: new AbortController().signal,
    deadline: Date.now() + budgetMs,
  });
  const text = renderText(families);
  return { seconds: (performance.now() - started) / 1000, text };
}

function count(text: string, re: RegExp): number {
  return text.split('\n').filter((l) => re.test(l)).length;
}

export async function benchProbes(): Promise<string> {
  const lines: string[] = [];
  const targets = await startTargets(TARGETS);
  const urls = targets.ports.map((p) => `http://127.0.0.1:${p}/`);
  let bb: Awaited<ReturnType<typeof startServer>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-probes-'));
  try {
    // vigil: ROUNDS scrapes of all 200 probes, after one warm-up.
    const c = collector(urls);
    for (let i = 0; i < WARMUPS; i++) await scrape(c, 10_000);
    const walls: number[] = [];
    let ok = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < ROUNDS; i++) {
      const s = await scrape(c, 10_000);
      walls.push(s.seconds);
      ok += count(s.text, /^probe_success\{.*\} 1$/);
    }
    const cpu = process.cpuUsage(cpu0);
    const vigilCpuPerProbe = (cpu.user + cpu.system) / 1e6 / (ROUNDS * TARGETS);
    const wall = summarize(walls);
    if (ok !== ROUNDS * TARGETS) throw new Error(`vigil: only ${ok} of ${ROUNDS * TARGETS} probes succeeded`);

    // blackbox_exporter: the same probes as 200 /probe requests per round, as concurrent as vigil's pool.
    const binary = findBlackbox();
    let bbCpuPerProbe = NaN;
    let bbWall = NaN;
    if (binary) {
      writeFileSync(
        join(dir, 'blackbox.yml'),
        'modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http: {preferred_ip_protocol: ip4}\n',
      );
      const port = await freePort();
      bb = await startServer(
        binary,
        [`--config.file=${join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
        `http://127.0.0.1:${port}/-/healthy`,
      );
      const agent = new Agent({ keepAlive: true, maxSockets: MAX_CONCURRENT_PROBES });
      const probeAll = () =>
        mapPool(urls, MAX_CONCURRENT_PROBES, (u) =>
          get(agent, `http://127.0.0.1:${port}/probe?module=http_2xx&target=${encodeURIComponent(u)}`),
        );
      for (let i = 0; i < WARMUPS; i++) await probeAll();
      const bbCpu0 = cpuSeconds(bb.pid);
      const bbWalls: number[] = [];
      let bbOk = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        const bodies = await probeAll();
        bbWalls.push((performance.now() - t) / 1000);
        bbOk += bodies.filter((b) => /^probe_success 1$/m.test(b)).length;
      }
      bbCpuPerProbe = (cpuSeconds(bb.pid) - bbCpu0) / (ROUNDS * TARGETS);
      bbWall = summarize(bbWalls).p50;
      agent.destroy();
      if (bbOk !== ROUNDS * TARGETS) throw new Error(`blackbox_exporter: only ${bbOk} of ${ROUNDS * TARGETS} probes succeeded`);
    }

    // One hung target among them: the scrape must still answer inside its timeout.
    const hungCollector = collector([...urls.slice(0, TARGETS - 1), `http://127.0.0.1:${targets.hung}/`], '1m');
    const budgetMs = hungCollector.budgetSeconds(String(HUNG_SCRAPE_TIMEOUT_S)) * 1000;
    const hung = await scrape(hungCollector, budgetMs);

    lines.push(
      `${TARGETS} HTTP probes of loopback servers, ${ROUNDS} scrapes each after ${WARMUPS} warm-ups; pool ${MAX_CONCURRENT_PROBES}`,
    );
    lines.push(
      table([
        ['', 'vigil', 'blackbox_exporter', 'vigil / blackbox'],
        [
          'wall time of 200 probes (p50)',
          `${(wall.p50 * 1000).toFixed(0)} ms`,
          binary ? `${(bbWall * 1000).toFixed(0)} ms` : 'n/a',
          binary ? `${(wall.p50 / bbWall).toFixed(2)}x` : '',
        ],
        ['wall time of 200 probes (max)', `${(wall.max * 1000).toFixed(0)} ms`, '', ''],
        [
          'CPU per probe',
          `${(vigilCpuPerProbe * 1e6).toFixed(0)} µs`,
          binary ? `${(bbCpuPerProbe * 1e6).toFixed(0)} µs` : 'n/a',
          binary ? `${(vigilCpuPerProbe / bbCpuPerProbe).toFixed(2)}x` : '',
        ],
      ]),
    );
    lines.push(
      `targets: whole scrape < 1 s: ${wall.max < 1 ? 'met' : 'MISSED'}; CPU per probe <= 1.0x blackbox: ${binary ? (vigilCpuPerProbe <= bbCpuPerProbe ? 'met' : 'MISSED') : 'not measured (prometheus-blackbox-exporter not installed)'}`,
    );
    const hungOk = count(hung.text, /^probe_success\{.*\} 1$/);
    const hungTimeout = count(hung.text, /^vigil_probe_failure_info\{.*reason="timeout".*\} 1$/);
    lines.push(
      `one hung target among ${TARGETS}, scrape timeout ${HUNG_SCRAPE_TIMEOUT_S} s (budget ${(budgetMs / 1000).toFixed(2)} s): scrape took ${(hung.seconds * 1000).toFixed(0)} ms, ` +
        `${hungOk} succeeded, ${hungTimeout} timed out: ${hung.seconds * 1000 <= budgetMs ? 'within its timeout' : 'PAST ITS TIMEOUT'}`,
    );
    return lines.join('\n');
  } finally {
    await bb?.stop();
    targets.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
