// A real nginx serving real requests on loopback writes three access logs (combined,
// nginx_timed, json); a real `vigil serve` tails them. Known requests with known statuses,
// under concurrency, through a rename rotation with `nginx -s reopen`, must come out as
// exactly those counts, and the exposition must pass `promtool check metrics`.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../support/daemon.js';
import { freePort } from '../support/ports.js';
import { run, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { tempDir } from './helpers.js';

const nginx = tool('nginx', 'nginx');
const promtool = tool('promtool', 'prometheus');

function nginxConf(dir: string, port: number): string {
  return `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time';
  log_format jsonl escape=json '{"method":"$request_method","status":"$status","request_time":"$request_time","body_bytes_sent":"$body_bytes_sent","host":"$host"}';
  server {
    listen 127.0.0.1:${port};
    access_log ${dir}/combined.log combined;
    access_log ${dir}/timed.log timed;
    access_log ${dir}/json.log jsonl;
    location = /ok { return 200 "ok\\n"; }
    location = /missing { return 404; }
    location = /down { return 503; }
    location = /via-upstream { proxy_pass http://127.0.0.1:${port}/ok; }
  }
}
`;
}

interface Load {
  path: string;
  method: string;
  count: number;
  code: string;
}

// node:http rather than fetch: fetch may not set Host, and the json log labels by it.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function status(url: string, method: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { host: 'www.example.test' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', reject);
    req.end();
  });
}

async function send(base: string, load: Load[], concurrency = 32): Promise<void> {
  const jobs = load.flatMap((l) => Array.from({ length: l.count }, () => l));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++]!;
      expect(await status(`${base}${j.path}`, j.method)).toBe(j.code);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function metrics(v: VigilProcess): Promise<string> {
  const r = await fetch(`${v.url}/metrics`);
  return r.text();
}

interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample line of a text exposition, by its own name (`_bucket`, `_count` kept). */
function lines(text: string): Line[] {
  const out: Line[] = [];
  for (const l of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const lm of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]!] = lm[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

function matching(text: string, name: string, labels: Record<string, string>): Line[] {
  return lines(text).filter((s) => s.name === name && Object.entries(labels).every(([k, val]) => s.labels[k] === val));
}

/** Summed over the series that carry `labels` (the json log splits them by vhost). */
function sum(text: string, name: string, labels: Record<string, string>): number {
  return matching(text, name, labels).reduce((a, s) => a + s.value, 0);
}

/** The one series that carries `labels`; undefined when there is none or more than one. */
function series(text: string, name: string, labels: Record<string, string>): number | undefined {
  const hits = matching(text, name, labels);
  return hits.length === 1 ? hits[0]!.value : undefined;
}

function total(text: string, log: string): number {
  return sum(text, 'http_requests_total', { log });
}

/** Scrapes until every log shows `want` requests (nginx writes each line after answering). */
async function until(v: VigilProcess, want: number): Promise<string> {
  let text = '';
  for (let i = 0; i < 100; i++) {
    text = await metrics(v);
    if (['combined', 'timed', 'json'].every((log) => total(text, log) >= want)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

describe.skipIf(nginx.missing)('access logs of a real nginx', () => {
  let dir: string;
  let web: Daemon;
  let vigil: VigilProcess;
  let base: string;

  beforeAll(async () => {
    dir = tempDir();
    mkdirSync(join(dir, 'tmp'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, port));
    web = await startDaemon('nginx', nginx.path!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], `${base}/ok`);
    writeFileSync(
      join(dir, 'vigil.yml'),
      [
        'logs:',
        `  - {name: combined, path: ${dir}/combined.log, format: combined, labels: {vhost: www}}`,
        `  - {name: timed, path: ${dir}/timed.log, format: nginx_timed}`,
        `  - {name: json, path: ${dir}/json.log, format: json, labels: {vhost: {field: host}}}`,
      ].join('\n'),
    );
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), '--collector.disable-defaults']);
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    await web?.stop();
    agent.destroy();
  });

  it('counts every request by method and status, from the end of the logs, under concurrent load', async () => {
    // The readiness request was logged before vigil started: it must not be counted.
    expect(total(await metrics(vigil), 'combined')).toBe(0);
    const load: Load[] = [
      { path: '/ok', method: 'GET', count: 600, code: '200' },
      { path: '/ok', method: 'HEAD', count: 50, code: '200' },
      { path: '/missing', method: 'GET', count: 120, code: '404' },
      { path: '/down', method: 'POST', count: 30, code: '503' },
      { path: '/via-upstream', method: 'GET', count: 40, code: '200' },
    ];
    // Scrapes run alongside the load, so lines are read while nginx is writing them.
    let scraping = true;
    const scrapes = (async () => {
      while (scraping) await metrics(vigil);
    })();
    await send(base, load);
    scraping = false;
    await scrapes;
    // Each proxied request is logged twice: once as asked, once as nginx's own request to /ok.
    const text = await until(vigil, 880);
    for (const log of ['combined', 'timed', 'json']) {
      expect(total(text, log), log).toBe(880);
      expect(sum(text, 'http_requests_total', { log, method: 'GET', code: '200' }), log).toBe(680);
      expect(sum(text, 'http_requests_total', { log, method: 'HEAD', code: '200' }), log).toBe(50);
      expect(sum(text, 'http_requests_total', { log, method: 'GET', code: '404' }), log).toBe(120);
      expect(sum(text, 'http_requests_total', { log, method: 'POST', code: '503' }), log).toBe(30);
      expect(series(text, 'vigil_log_lines_total', { log, result: 'unparsed' }), log).toBe(0);
    }
    expect(series(text, 'http_requests_total', { log: 'combined', method: 'GET', code: '200', vhost: 'www' })).toBe(680);
    expect(series(text, 'http_requests_total', { log: 'json', method: 'GET', code: '200', vhost: 'www.example.test' })).toBe(640);
    // The proxy's own requests carry its Host, whose $host is 127.0.0.1 (no port).
    expect(series(text, 'http_requests_total', { log: 'json', method: 'GET', code: '200', vhost: '127.0.0.1' })).toBe(40);
    // "ok\n" is 3 bytes in each of the 680 GET answers; HEAD sends no body.
    expect(series(text, 'http_response_size_bytes_total', { log: 'timed', method: 'GET', code: '200' })).toBe(680 * 3);
    expect(series(text, 'http_response_size_bytes_total', { log: 'timed', method: 'HEAD', code: '200' })).toBe(0);
    expect(series(text, 'http_request_duration_seconds_count', { log: 'timed' })).toBe(880);
    expect(sum(text, 'http_request_duration_seconds_count', { log: 'json' })).toBe(880);
    expect(series(text, 'http_request_duration_seconds_bucket', { log: 'timed', le: '+Inf' })).toBe(880);
    // Only the proxied requests had an upstream; the 40 proxied /ok requests themselves did not.
    expect(series(text, 'http_upstream_response_duration_seconds_count', { log: 'timed' })).toBe(40);
    if (!promtool.missing) {
      const r = run(promtool.path!, ['check', 'metrics'], { input: text });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  }, 120_000);

  it('follows nginx through a rename rotation and `nginx -s reopen`', async () => {
    const before = total(await metrics(vigil), 'combined');
    await send(base, [{ path: '/missing', method: 'GET', count: 10, code: '404' }], 4);
    for (const log of ['combined', 'timed', 'json']) renameSync(join(dir, `${log}.log`), join(dir, `${log}.log.1`));
    // Until the reopen, nginx goes on writing to the renamed files.
    await send(base, [{ path: '/missing', method: 'GET', count: 5, code: '404' }], 4);
    expect(run(nginx.path!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-s', 'reopen']).code).toBe(0);
    // The reopen is asynchronous: wait for the new files before sending more.
    for (let i = 0; i < 100 && !['combined', 'timed', 'json'].every((l) => run('test', ['-e', join(dir, `${l}.log`)]).code === 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await send(base, [{ path: '/down', method: 'GET', count: 7, code: '503' }], 4);
    const text = await until(vigil, before + 22);
    for (const log of ['combined', 'timed', 'json']) {
      expect(total(text, log), log).toBe(before + 22);
      expect(series(text, 'http_requests_total', { log, method: 'GET', code: '503' }), log).toBe(7);
      expect(series(text, 'vigil_log_rotations_total', { log, kind: 'rename' }), log).toBe(1);
    }
  }, 60_000);
});
