// Access-log scenario: one nginx_timed log tailed by vigil and by mtail (Debian `mtail`)
// running a program that keeps the same counters and histogram. Lines are appended in
// batches while both are scraped every SCRAPE_MS; once both have counted every line, the CPU
// each used is reported per 100,000 lines.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BUCKETS } from '../logs/config.js';
import { NODE_FLAGS } from './host.js';
import { cpuSeconds } from './procstat.js';
import { freePort, startServer, type Started } from './spawn.js';
import { ratio, table } from './stats.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const BATCH = 5000;
const SCRAPE_MS = 250;

// The same job for mtail: requests and bytes by method and code, durations in the same buckets.
const MTAIL_PROGRAM = `
counter http_requests_total by method, code
counter http_response_size_bytes_total by method, code
histogram http_request_duration_seconds buckets ${DEFAULT_BUCKETS.join(', ')}

/^\\S+ \\S+ \\S+ \\[[^\\]]*\\] "(?P<method>[A-Z]+) [^"]*" (?P<code>\\d{3}) (?P<size>\\d+) "[^"]*" "[^"]*" (?P<rt>\\d+\\.\\d+) .*$/ {
  http_requests_total[$method][$code]++
  http_response_size_bytes_total[$method][$code] += $size
  http_request_duration_seconds = $rt
}
`;

const METHODS = ['GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT'];
const CODES = [200, 200, 200, 200, 304, 404, 500, 503];

function line(i: number): string {
  const m = METHODS[i % METHODS.length]!;
  const c = CODES[(i * 7) % CODES.length]!;
  const rt = ((i * 37) % 5000) / 1000;
  return `10.0.${(i >> 8) & 255}.${i & 255} - - [01/Dec/2026:12:00:00 +0000] "${m} /api/items/${i % 977}?page=${i % 13} HTTP/1.1" ${c} ${(i * 131) % 20000} "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" ${rt.toFixed(3)} ${(rt * 0.9).toFixed(3)}\n`;
}

async function counted(url: string): Promise<number> {
  const text = await (await fetch(url)).text();
  let n = 0;
  for (const l of text.split('\n')) if (l.startsWith('http_requests_total')) n += Number(l.slice(l.lastIndexOf(' ') + 1));
  return n;
}

function findMtail(): string | undefined {
  return [...(process.env['PATH'] ?? '').split(':'), '/usr/bin'].map((d) => join(d, 'mtail')).find((p) => existsSync(p));
}

export async function benchLogs(opts: { lines: number }): Promise<string> {
  const mtailBin = findMtail();
  if (!mtailBin) return 'mtail not found: apt-get install mtail';
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-logs-'));
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  mkdirSync(join(dir, 'progs'));
  writeFileSync(join(dir, 'progs', 'access.mtail'), MTAIL_PROGRAM);
  writeFileSync(join(dir, 'vigil.yml'), `logs:\n  - {name: bench, path: ${log}, format: nginx_timed}\n`);
  const vp = await freePort();
  const mp = await freePort();
  const started: Started[] = [];
  try {
    const vigil = await startServer(
      process.execPath,
      [...NODE_FLAGS, CLI, 'serve', '--listen', `127.0.0.1:${vp}`, '--config', join(dir, 'vigil.yml'), '--collector.disable-defaults'],
      `http://127.0.0.1:${vp}/-/healthy`,
    );
    started.push(vigil);
    const mtail = await startServer(
      mtailBin,
      ['--progs', join(dir, 'progs'), '--logs', log, '--address', '127.0.0.1', '--port', String(mp)],
      `http://127.0.0.1:${mp}/metrics`,
    );
    started.push(mtail);
    const vUrl = `http://127.0.0.1:${vp}/metrics`;
    const mUrl = `http://127.0.0.1:${mp}/metrics`;
    await counted(vUrl);
    const cpu0 = { vigil: cpuSeconds(vigil.pid), mtail: cpuSeconds(mtail.pid) };
    const t0 = Date.now();
    let written = 0;
    let scrapes = 0;
    let v = 0;
    let m = 0;
    // Writing and scraping interleave, as a busy server's log is read between scrapes.
    while (written < opts.lines || v < opts.lines || m < opts.lines) {
      if (Date.now() - t0 > 300_000) throw new Error(`not all lines counted after 300 s: vigil ${v}, mtail ${m} of ${opts.lines}`);
      if (written < opts.lines) {
        const n = Math.min(BATCH, opts.lines - written);
        let chunk = '';
        for (let i = 0; i < n; i++) chunk += line(written + i);
        appendFileSync(log, chunk);
        written += n;
      }
      await new Promise((r) => setTimeout(r, SCRAPE_MS));
      [v, m] = await Promise.all([counted(vUrl), counted(mUrl)]);
      scrapes++;
    }
    const cpu = { vigil: cpuSeconds(vigil.pid) - cpu0.vigil, mtail: cpuSeconds(mtail.pid) - cpu0.mtail };
    const per = (s: number) => `${((s / opts.lines) * 100_000).toFixed(3)} s`;
    return [
      `${opts.lines} nginx_timed lines in batches of ${BATCH}, both scraped every ${SCRAPE_MS} ms (${scrapes} scrapes each, ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      table([
        ['', 'vigil', 'mtail', 'vigil/mtail'],
        ['CPU per 100,000 lines', per(cpu.vigil), per(cpu.mtail), ratio(cpu.vigil, cpu.mtail)],
        ['lines counted', String(v), String(m), ''],
      ]),
      `goal: vigil/mtail <= 1.00x`,
    ].join('\n');
  } finally {
    for (const s of started.reverse()) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
