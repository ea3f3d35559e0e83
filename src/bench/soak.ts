// 10,000 scrapes of a vigil with host collectors, process groups and probes all on, with
// resident memory and open file descriptors sampled every 1,000: both must stay flat.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from './host.js';
import { memoryKb } from './procstat.js';
import { ScrapeClient } from './scrape-client.js';
import { freePort, startServer } from './spawn.js';
import { fmtMs, summarize } from './stats.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export async function benchSoak(opts: { scrapes: number }): Promise<string> {
  const target: Server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(req.url === '/slow' ? 'slow' : 'ok\n');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  const targetPort = (target.address() as AddressInfo).port;
  const closedPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  const config = join(dir, 'vigil.yml');
  writeFileSync(
    config,
    [
      'process_names:',
      '  - name: "{{.Comm}}"',
      '    cmdline: [".+"]',
      'probes:',
      ...[1, 2, 3, 4, 5].map((i) => `  - {name: http-${i}, kind: http, url: "http://127.0.0.1:${targetPort}/health/${i}", timeout: 2s}`),
      `  - {name: tcp-open, kind: tcp, host: 127.0.0.1, port: ${targetPort}, timeout: 2s}`,
      `  - {name: tcp-closed, kind: tcp, host: 127.0.0.1, port: ${closedPort}, timeout: 2s}`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const vigil = await startServer(
    process.execPath,
    [...NODE_FLAGS, CLI, 'serve', '--config', config, '--listen', `127.0.0.1:${port}`],
    `http://127.0.0.1:${port}/-/healthy`,
  );
  const client = new ScrapeClient(`http://127.0.0.1:${port}/metrics`, { 'X-Prometheus-Scrape-Timeout-Seconds': '10' });
  try {
    for (let i = 0; i < 100; i++) await client.scrape();
    const rss: number[] = [memoryKb(vigil.pid).rss];
    const fds: number[] = [openFds(vigil.pid)];
    const lat: number[] = [];
    for (let i = 1; i <= opts.scrapes; i++) {
      lat.push((await client.scrape()).seconds);
      if (i % 1000 === 0) {
        rss.push(memoryKb(vigil.pid).rss);
        fds.push(openFds(vigil.pid));
      }
    }
    const s = summarize(lat);
    const firstRss = rss.length > 2 ? rss[1]! : rss[0]!;
    return [
      `soak scenario: ${opts.scrapes} scrapes of vigil with host collectors, process groups (one per command) and 7 probes`,
      `latency p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)}, max ${fmtMs(s.max)}`,
      `RSS (MB, every 1,000): ${rss.map((k) => (k / 1024).toFixed(1)).join(' ')}; drift after the first 1,000: ${((rss[rss.length - 1]! - firstRss) / 1024).toFixed(1)} MB; peak ${(memoryKb(vigil.pid).hwm / 1024).toFixed(1)} MB`,
      `open fds (every 1,000): ${fds.join(' ')}`,
    ].join('\n');
  } finally {
    client.close();
    await vigil.stop();
    target.closeAllConnections();
    target.close();
  }
}
