#!/usr/bin/env node
// `node scripts/memory.mjs [SCRAPES] [vigil serve flags...]` (after a build): starts the built
// vigil the way its shebang does, scrapes /metrics SCRAPES times (3,000 unless told) over one
// keep-alive connection, and prints its resident memory after start and after the scrapes,
// its V8 heap and its open files. The figures in README's Performance section come from it.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';

const [count = '3000', ...serveFlags] = process.argv.slice(2);
const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const nodeFlags = /^#!\/usr\/bin\/env -S node (.*)$/.exec(readFileSync(cli, 'utf8').split('\n', 1)[0])?.[1].split(' ') ?? [];

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const child = spawn(process.execPath, [...nodeFlags, cli, 'serve', '--listen', `127.0.0.1:${port}`, ...serveFlags], { stdio: 'ignore' });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (path) =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
const status = () => {
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]);
  return `RSS ${(kb('VmRSS') / 1024).toFixed(1)} MB, peak ${(kb('VmHWM') / 1024).toFixed(1)} MB`;
};
try {
  for (let i = 0; ; i++) {
    try {
      await get('/-/healthy');
      break;
    } catch (err) {
      if (i === 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  console.log(`after start: ${status()}`);
  let body = '';
  for (let i = 0; i < Number(count); i++) body = await get('/metrics');
  const heap = (name) => (Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]) / 1048576).toFixed(1);
  console.log(
    `after ${count} scrapes: ${status()}; V8 heap ${heap('nodejs_heap_size_used_bytes')} MB used of ${heap('nodejs_heap_size_total_bytes')} MB; ${readdirSync(`/proc/${child.pid}/fd`).length} open files`,
  );
} finally {
  agent.destroy();
  child.kill('SIGTERM');
}
