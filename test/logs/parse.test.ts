import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../src/logs/parse-json.js';
import { parseTextLine, upstreamSeconds } from '../../src/logs/parse-text.js';

const FIELDS = { method: 'method', status: 'status', duration: 'request_time', size: 'body_bytes_sent', request: 'request' };
const COMMON = '203.0.113.9 - alice [01/Dec/2026:12:00:00 +0000] "GET /index.html HTTP/1.1" 200 5120';
const COMBINED = `${COMMON} "https://example.org/" "Mozilla/5.0 (X11; Linux x86_64)"`;

describe('text access-log formats', () => {
  it('reads common, combined and nginx_timed lines', () => {
    expect(parseTextLine(COMMON, 'common')).toEqual({ method: 'GET', code: '200', size: 5120 });
    expect(parseTextLine(COMBINED, 'combined')).toEqual({ method: 'GET', code: '200', size: 5120 });
    expect(parseTextLine(`${COMBINED} 0.250 0.200`, 'nginx_timed')).toEqual({
      method: 'GET',
      code: '200',
      size: 5120,
      duration: 0.25,
      upstream: 0.2,
    });
  });

  it('takes "-" as no body and no upstream, and sums upstream retries', () => {
    expect(parseTextLine(COMMON.replace('5120', '-'), 'common')?.size).toBe(0);
    const r = parseTextLine(`${COMBINED} 0.004 -`, 'nginx_timed');
    expect(r?.duration).toBe(0.004);
    expect(r?.upstream).toBeUndefined();
    expect(upstreamSeconds('0.002, 0.010 : 0.003')).toBeCloseTo(0.015, 9);
    expect(upstreamSeconds('-, -')).toBeUndefined();
  });

  it('reads quotes escaped by Apache (\\") and by nginx (\\x22) inside quoted fields', () => {
    const apache = '1.2.3.4 - - [01/Dec/2026:12:00:00 +0000] "GET /a\\"b HTTP/1.1" 404 0 "-" "say \\"hi\\""';
    expect(parseTextLine(apache, 'combined')).toEqual({ method: 'GET', code: '404', size: 0 });
    const nginx = '1.2.3.4 - - [01/Dec/2026:12:00:00 +0000] "\\x22GET / HTTP/1.1" 400 150 "-" "-"';
    expect(parseTextLine(nginx, 'combined')).toEqual({ method: 'other', code: '400', size: 150 });
  });

  it('folds methods outside the HTTP set into "other", so clients cannot mint series', () => {
    expect(parseTextLine(COMMON.replace('GET', 'BREW'), 'common')?.method).toBe('other');
    expect(parseTextLine(COMMON.replace('GET', 'get'), 'common')?.method).toBe('other');
    expect(parseTextLine(COMMON.replace('"GET /index.html HTTP/1.1"', '"-"'), 'common')?.method).toBe('other');
  });

  it('ignores fields after the last one the format needs (a combined line read as common)', () => {
    expect(parseTextLine(`${COMBINED} "10.0.0.1"`, 'combined')?.code).toBe('200');
    expect(parseTextLine(COMBINED, 'common')?.code).toBe('200');
  });

  it('refuses lines that are not the format: no crash, undefined', () => {
    for (const bad of [
      '',
      'garbage',
      '\u0000\u0001\u00ff binary',
      COMMON.replace(' 200 ', ' 2000 '),
      COMMON.replace(' 200 ', ' 099 '),
      COMMON.replace(' 200 ', ' 600 '),
      COMMON.replace('5120', '12a'),
      COMMON.replace('[01/Dec', '01/Dec'),
      COMMON.slice(0, 60),
      '"'.repeat(5000),
    ])
      expect(parseTextLine(bad, 'common'), JSON.stringify(bad.slice(0, 40))).toBeUndefined();
    expect(parseTextLine(COMMON, 'combined')).toBeUndefined();
    expect(parseTextLine(`${COMMON} "-" "unterminated`, 'combined')).toBeUndefined();
    expect(parseTextLine(COMBINED, 'nginx_timed')).toBeUndefined();
    expect(parseTextLine(`${COMBINED} fast -`, 'nginx_timed')).toBeUndefined();
    expect(parseTextLine(`${COMBINED} -1 -`, 'nginx_timed')).toBeUndefined();
  });

  it('scans a 1 MiB hostile line in linear time', () => {
    const line = `1.2.3.4 - - [x] "${'\\"'.repeat(512 * 1024)}`;
    const t = Date.now();
    expect(parseTextLine(line, 'combined')).toBeUndefined();
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe('json access-log lines', () => {
  it('reads numbers and numeric strings, the method from the request line when absent', () => {
    expect(parseJsonLine('{"method":"PUT","status":201,"request_time":0.5,"body_bytes_sent":7}', FIELDS, 1)).toMatchObject({
      method: 'PUT',
      code: '201',
      duration: 0.5,
      size: 7,
    });
    expect(
      parseJsonLine('{"request":"DELETE /x HTTP/1.1","status":"204","request_time":"0.010","body_bytes_sent":"0"}', FIELDS, 1),
    ).toMatchObject({ method: 'DELETE', code: '204', duration: 0.01, size: 0 });
  });

  it('scales durations by duration_unit and follows renamed fields', () => {
    const fields = { ...FIELDS, status: 'st', duration: 'ms' };
    expect(parseJsonLine('{"st":500,"ms":250,"method":"GET"}', fields, 1e-3)).toMatchObject({ code: '500', duration: 0.25, size: 0 });
  });

  it('refuses what is not an object with a status', () => {
    for (const bad of [
      '[1,2]',
      '"x"',
      '{"status":',
      '{}',
      '{"status":"ok"}',
      '{"status":200,"request_time":"fast"}',
      '{"status":200,"body_bytes_sent":-5}',
      '['.repeat(100_000),
      `{${'"a":{'.repeat(50_000)}`,
    ]) {
      expect(parseJsonLine(bad, FIELDS, 1), bad.slice(0, 30)).toBeUndefined();
    }
  });
});
