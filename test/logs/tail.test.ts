// The collector on real files: rotation by rename and by copytruncate, truncation, a log
// that appears later, partial lines, 1 MiB lines, binary garbage, the series cap.
import { appendFileSync, renameSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogCollector } from '../../src/logs/collector.js';
import { MAX_LINE_BYTES } from '../../src/logs/lines.js';
import { renderText } from '../../src/metrics/exposition.js';
import { run, tool } from '../support/tools.js';
import { collectorFor, combinedLine, requests, scrape, tempDir, value } from './helpers.js';

const open: LogCollector[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

async function follow(path: string, extra: Record<string, unknown> = {}): Promise<LogCollector> {
  const c = collectorFor([{ name: 'web', path, format: 'combined', ...extra }]);
  open.push(c);
  await c.start();
  return c;
}

const promtool = tool('promtool', 'prometheus');

describe('tailing an access log', () => {
  it('starts at the end of an existing file: lines from before start-up are not counted', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, combinedLine('GET', 200, 1).repeat(50));
    const c = await follow(path);
    expect(requests(await scrape(c), 'web')).toBe(0);
    appendFileSync(path, combinedLine('GET', 200, 1).repeat(3));
    const f = await scrape(c);
    expect(value(f, 'http_requests_total', { method: 'GET', code: '200' })).toBe(3);
    expect(value(f, 'http_response_size_bytes_total', { method: 'GET', code: '200' })).toBe(3);
    expect(value(f, 'vigil_log_lines_total', { result: 'parsed' })).toBe(3);
  });

  it('waits for a log that does not exist yet, then reads it from its first line', async () => {
    const dir = tempDir();
    const path = join(dir, 'later.log');
    const c = await follow(path);
    let f = await scrape(c);
    expect(value(f, 'vigil_log_file_present', { log: 'web' })).toBe(0);
    writeFileSync(path, combinedLine('POST', 201, 10) + combinedLine('POST', 201, 20));
    f = await scrape(c);
    expect(value(f, 'vigil_log_file_present', { log: 'web' })).toBe(1);
    expect(value(f, 'http_requests_total', { method: 'POST', code: '201' })).toBe(2);
    expect(value(f, 'http_response_size_bytes_total', { method: 'POST', code: '201' })).toBe(30);
  });

  it('never opens a FIFO or a directory at the path, and never hangs on one', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo.log');
    expect(run('mkfifo', [fifo]).code).toBe(0);
    const c = collectorFor([
      { name: 'fifo', path: fifo, format: 'combined' },
      { name: 'dir', path: dir, format: 'combined' },
    ]);
    open.push(c);
    await c.start();
    const f = await scrape(c);
    expect(value(f, 'vigil_log_file_present', { log: 'fifo' })).toBe(0);
    expect(value(f, 'vigil_log_file_present', { log: 'dir' })).toBe(0);
  });

  it('counts a path that cannot be read (a symlink loop) by its errno, not as absent, and serves the other logs', async () => {
    const dir = tempDir();
    const loop = join(dir, 'loop.log');
    symlinkSync(loop, loop);
    const good = join(dir, 'access.log');
    writeFileSync(good, '');
    const c = collectorFor([
      { name: 'loop', path: loop, format: 'combined' },
      { name: 'web', path: good, format: 'combined' },
    ]);
    open.push(c);
    await c.start();
    appendFileSync(good, combinedLine('GET', 200, 1));
    const f = await scrape(c);
    expect(value(f, 'vigil_log_read_errors_total', { log: 'loop', reason: 'ELOOP' })).toBe(2); // start and this scrape
    expect(requests(f, 'web')).toBe(1);
  });

  it('keeps a partial last line until its newline comes', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    const line = combinedLine('GET', 404, 7);
    appendFileSync(path, line.slice(0, 40));
    let f = await scrape(c);
    expect(requests(f, 'web')).toBe(0);
    expect(value(f, 'vigil_log_lines_total', { result: 'unparsed' })).toBe(0);
    appendFileSync(path, line.slice(40));
    f = await scrape(c);
    expect(value(f, 'http_requests_total', { code: '404' })).toBe(1);
    expect(value(f, 'vigil_log_lines_total', { result: 'unparsed' })).toBe(0);
  });

  it('follows rotation by rename: the old file is read to its end, then the new one from its start', async () => {
    const dir = tempDir();
    const path = join(dir, 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    appendFileSync(path, combinedLine('GET', 200, 1).repeat(2));
    expect(requests(await scrape(c), 'web')).toBe(2);
    // logrotate renames; the server writes to the old file until it reopens.
    appendFileSync(path, combinedLine('GET', 200, 1));
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, combinedLine('GET', 500, 1));
    let f = await scrape(c); // the path is gone for now: the old file is still read
    expect(requests(f, 'web')).toBe(4);
    appendFileSync(`${path}.1`, combinedLine('GET', 502, 1));
    writeFileSync(path, combinedLine('GET', 503, 1).repeat(4));
    f = await scrape(c);
    expect(value(f, 'http_requests_total', { code: '502' })).toBe(1);
    expect(value(f, 'http_requests_total', { code: '503' })).toBe(4);
    expect(requests(f, 'web')).toBe(9);
    expect(value(f, 'vigil_log_rotations_total', { kind: 'rename' })).toBe(1);
    appendFileSync(path, combinedLine('GET', 503, 1));
    expect(value(await scrape(c), 'http_requests_total', { code: '503' })).toBe(5);
  });

  it('follows copytruncate and truncation: same file, smaller than before, read again from 0', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    appendFileSync(path, combinedLine('GET', 200, 1).repeat(5));
    expect(requests(await scrape(c), 'web')).toBe(5);
    truncateSync(path, 0);
    appendFileSync(path, combinedLine('GET', 301, 1).repeat(2));
    const f = await scrape(c);
    expect(value(f, 'http_requests_total', { code: '301' })).toBe(2);
    expect(requests(f, 'web')).toBe(7);
    expect(value(f, 'vigil_log_rotations_total', { kind: 'truncate' })).toBe(1);
  });

  it('reads a 1 MiB line, skips and counts a longer one, and goes on with the next lines', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    // A combined line padded inside the user agent to exactly MAX_LINE_BYTES bytes.
    const base = combinedLine('GET', 200, 1);
    const exact = base.replace('curl/8', 'c'.repeat(MAX_LINE_BYTES - base.length + 1 + 'curl/8'.length));
    expect(Buffer.byteLength(exact) - 1).toBe(MAX_LINE_BYTES);
    // Written in pieces, so the long one also crosses reads.
    appendFileSync(path, exact);
    appendFileSync(path, 'x'.repeat(MAX_LINE_BYTES));
    await scrape(c);
    appendFileSync(path, `${'y'.repeat(MAX_LINE_BYTES)}\n`);
    appendFileSync(path, combinedLine('GET', 204, 1));
    appendFileSync(path, `${'z'.repeat(MAX_LINE_BYTES + 1)}\n${combinedLine('GET', 204, 1)}`);
    const f = await scrape(c);
    expect(value(f, 'http_requests_total', { code: '200' })).toBe(1);
    expect(value(f, 'http_requests_total', { code: '204' })).toBe(2);
    expect(value(f, 'vigil_log_lines_total', { result: 'too_long' })).toBe(2);
    expect(value(f, 'vigil_log_lines_total', { result: 'unparsed' })).toBe(0);
  });

  it('counts binary garbage as unparsed and keeps counting the good lines', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    const garbage = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256));
    // Every piece between newlines is one line (the garbage ends with the newline added below); empty ones are skipped.
    const garbageLines = garbage
      .toString('latin1')
      .split('\n')
      .filter((l) => l.replace(/\r$/, '') !== '').length;
    appendFileSync(
      path,
      Buffer.concat([garbage, Buffer.from('\n'), Buffer.from(combinedLine('GET', 200, 1)), Buffer.from('\u0000\u0000\n\r\n')]),
    );
    const f = await scrape(c);
    expect(value(f, 'http_requests_total', { code: '200' })).toBe(1);
    expect(value(f, 'vigil_log_lines_total', { result: 'unparsed' })).toBe(garbageLines + 1); // + the NUL line; the CRLF-only line is empty
    if (!promtool.missing) {
      const r = run(promtool.path!, ['check', 'metrics'], { input: renderText(f) });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('caps label sets per log and counts the lines it dropped', async () => {
    const path = join(tempDir(), 'access.json');
    writeFileSync(path, '');
    const c = collectorFor([{ name: 'api', path, format: 'json', labels: { vhost: { field: 'host' } }, max_series: 10 }]);
    open.push(c);
    await c.start();
    // Each host is a new request series and a new histogram series: 5 hosts fill the cap of 10.
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ status: 200, method: 'GET', request_time: 0.1, host: `h${i}` }));
    appendFileSync(path, `${lines.join('\n')}\n`);
    const f = await scrape(c);
    expect(f.find((x) => x.name === 'http_requests_total')!.samples.length).toBe(5);
    expect(value(f, 'vigil_log_series_dropped_total', { log: 'api' })).toBe(35);
    expect(value(f, 'vigil_log_lines_total', { result: 'parsed' })).toBe(40);
    expect(value(f, 'http_request_duration_seconds', { vhost: 'h0' }, '_count')).toBe(1);
  });

  it('folds a label value from a field longer than 256 characters into "other"', async () => {
    const path = join(tempDir(), 'access.json');
    writeFileSync(path, '');
    const c = collectorFor([{ name: 'api', path, format: 'json', labels: { vhost: { field: 'host' } } }]);
    open.push(c);
    await c.start();
    const line = (host: unknown) => `${JSON.stringify({ status: '200', method: 'GET', host })}\n`;
    appendFileSync(path, line('h'.repeat(256)) + line('h'.repeat(257)) + line('x'.repeat(900_000)) + line(42) + line({ nested: 1 }));
    const f = await scrape(c);
    expect(value(f, 'http_requests_total', { vhost: 'h'.repeat(256) })).toBe(1);
    expect(value(f, 'http_requests_total', { vhost: 'other' })).toBe(2);
    expect(value(f, 'http_requests_total', { vhost: '42' })).toBe(1);
    expect(value(f, 'http_requests_total', { vhost: '' })).toBe(1);
  });

  it('stops reading when the scrape deadline aborts, and goes on from there next scrape', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = await follow(path);
    appendFileSync(path, combinedLine('GET', 200, 1).repeat(20_000));
    const aborted = new AbortController();
    aborted.abort();
    const partial = await c.collect({
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      signal: aborted.signal,
      deadline: Date.now(),
    });
    expect(requests(partial, 'web')).toBe(0);
    const f = await scrape(c);
    expect(requests(f, 'web')).toBe(20_000);
    expect(value(f, 'vigil_log_lines_total', { result: 'unparsed' })).toBe(0);
  });

  it('serves an exposition promtool accepts, with a fixed label and the configured buckets', async () => {
    const path = join(tempDir(), 'access.log');
    writeFileSync(path, '');
    const c = collectorFor([{ name: 'web', path, format: 'nginx_timed', labels: { vhost: 'www.example.org' }, buckets: [0.1, 1] }]);
    open.push(c);
    await c.start();
    appendFileSync(
      path,
      [
        combinedLine('GET', 200, 100, ' 0.050 0.040'),
        combinedLine('GET', 200, 100, ' 0.100 -'),
        combinedLine('HEAD', 200, 0, ' 0.5 0.2, 0.1'),
        combinedLine('GET', 500, 10, ' 3.000 2.990'),
      ].join(''),
    );
    const f = await scrape(c);
    const h = (le: string) => value(f, 'http_request_duration_seconds', { vhost: 'www.example.org', le }, '_bucket');
    expect([h('0.1'), h('1'), h('+Inf')]).toEqual([2, 3, 4]); // 0.100 is in le="0.1": buckets are inclusive
    expect(value(f, 'http_request_duration_seconds', {}, '_sum')).toBeCloseTo(3.65, 9);
    expect(value(f, 'http_upstream_response_duration_seconds', {}, '_count')).toBe(3);
    expect(value(f, 'http_requests_total', { method: 'GET', code: '200', vhost: 'www.example.org' })).toBe(2);
    if (!promtool.missing) {
      const r = run(promtool.path!, ['check', 'metrics'], { input: renderText(f) });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    unlinkSync(path);
  });
});
