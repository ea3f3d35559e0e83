import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { buildCollectors } from '../../src/exporter/build.js';
import { parseGoDurationMs } from '../../src/probes/go-duration.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { urlLabel } from '../../src/probes/url-label.js';
import type { Diagnostic } from '../../src/yaml/diagnostic.js';
import { selfSigned, writeTemp } from './support.js';
import { configErrors } from '../support/config-errors.js';

const errors = configErrors;

const where = (d: Diagnostic) => [d.code, d.line, d.column];

describe('probes config', () => {
  it('accepts one probe of each kind and builds one collector named "probes"', async () => {
    process.env['VIGIL_T_PW'] = 'x';
    const cert = selfSigned(1);
    const config = parseConfig(
      [
        'probes:',
        '  - {name: api, kind: http, url: "https://api.example.com/healthz?x=1", timeout: 5s, tls: {ca_file: ' +
          JSON.stringify(cert.certFile) +
          '}}',
        '  - {name: ssh, kind: tcp, host: 127.0.0.1, port: 22, query_response: [{expect: "^SSH-"}]}',
        '  - {name: site-cert, kind: tls, host: example.com, port: 443}',
        '  - {name: resolver, kind: dns, query_name: example.com, query_type: A, server: "127.0.0.1:53"}',
        '  - {name: cache, kind: redis, host: 127.0.0.1, port: 6379, password_env: VIGIL_T_PW}',
        '  - {name: db, kind: postgres, host: 127.0.0.1, user: app, password_env: VIGIL_T_PW, tls: true}',
      ].join('\n'),
      'vigil.yml',
    );
    expect(config.probes).toHaveLength(6);
    const probes = (await buildCollectors(config)).filter((c) => c.name === 'probes');
    expect(probes).toHaveLength(1);
    expect(probes[0]).toBeInstanceOf(ProbeCollector);
    expect((probes[0] as ProbeCollector).probes.map((p) => p.target)).toEqual([
      'https://api.example.com/healthz',
      '127.0.0.1:22',
      'example.com:443',
      'example.com@127.0.0.1:53',
      '127.0.0.1:6379',
      '127.0.0.1:5432/app',
    ]);
  });

  it('builds no probe collector when the list is empty', async () => {
    expect((await buildCollectors(parseConfig('probes: []\n', 'vigil.yml'))).some((c) => c.name === 'probes')).toBe(false);
  });

  it('points at an unknown field of a kind and at a bad duration', () => {
    const ds = errors(
      [
        'probes:',
        '  - name: api',
        '    kind: http',
        '    url: http://127.0.0.1/',
        '    valid_status: [200]',
        '    timeout: 5 seconds',
      ].join('\n'),
    );
    expect(ds.map(where)).toEqual(
      expect.arrayContaining([
        ['config-schema', 5, 5],
        ['config-schema', 6, 14],
      ]),
    );
    expect(ds.find((d) => d.line === 5)?.message).toContain('valid_status');
    // Only the http kind's complaints: no noise from the five other kinds.
    expect(ds).toHaveLength(2);
  });

  it('rejects an unknown kind and a missing required field', () => {
    const ds = errors('probes:\n  - {name: a, kind: ftp}\n  - {name: b, kind: tcp, host: x}\n');
    expect(ds.map((d) => d.line)).toEqual(expect.arrayContaining([2, 3]));
    expect(ds.find((d) => d.line === 3)?.message).toContain('port');
  });

  it('refuses body and line regexes that are not RE2, at the construct', () => {
    const ds = errors(
      [
        'probes:',
        "  - {name: a, kind: http, url: 'http://127.0.0.1/', fail_if_body_not_matches: ['(ok)\\1']}",
        "  - {name: b, kind: tcp, host: h, port: 1, query_response: [{expect: '^OK(?=\\r)'}]}",
      ].join('\n'),
    );
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([
      ['probe-bad-regex', 2, 85],
      ['probe-bad-regex', 3, 74],
    ]);
    expect(ds[0]!.hint).toMatch(/no backreferences/);
    expect(ds[1]!.hint).toMatch(/no lookahead/);
  });

  it('reports meaning errors with codes and positions', () => {
    delete process.env['VIGIL_UNSET_VAR'];
    const ds = errors(
      [
        'probes:',
        '  - {name: a, kind: http, url: "http://127.0.0.1/"}', // 2
        '  - {name: a, kind: tcp, host: h, port: 1}', // 3 duplicate
        '  - {name: c, kind: http, url: "http://127.0.0.1/", fail_if_body_matches: ["("]}', // 4 regex
        '  - {name: d, kind: http, url: "http://user:pw@127.0.0.1/"}', // 5 inline secret
        '  - {name: e, kind: redis, host: h, port: 1, password_env: VIGIL_UNSET_VAR}', // 6 env unset
        '  - {name: f, kind: tls, host: h, port: 1, tls: {ca_file: /nonexistent/ca.pem}}', // 7 unreadable
        '  - {name: g, kind: http, url: "http://127.0.0.1/", headers: {Authorization: "Bearer x"}}', // 8 inline
        '  - {name: h, kind: http, url: "http://exa mple/"}', // 9 bad url
        '  - {name: i, kind: redis, host: h, port: 1, password_env: A, password_file: /x}', // 10 conflict
      ].join('\n'),
    );
    const codes = ds.map((d) => [d.code, d.line]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['probe-duplicate-name', 3],
        ['probe-bad-regex', 4],
        ['probe-inline-secret', 5],
        ['probe-secret-env-unset', 6],
        ['probe-unreadable-file', 7],
        ['probe-inline-secret', 8],
        ['probe-bad-url', 9],
        ['probe-secret-conflict', 10],
      ]),
    );
    const dup = ds.find((d) => d.code === 'probe-duplicate-name')!;
    expect(dup.column).toBe(12);
    // Neither the inline password nor the bearer token is echoed in a message.
    for (const d of ds) expect(`${d.message} ${d.hint ?? ''}`).not.toMatch(/pw@|Bearer x/);
  });

  it('reports a CA file that is not PEM and a cert without a key', () => {
    const notPem = writeTemp('ca.pem', 'hello');
    const ds = errors(
      `probes:\n  - {name: a, kind: tls, host: h, port: 1, tls: {ca_file: ${JSON.stringify(notPem)}, cert_file: ${JSON.stringify(notPem)}}}\n`,
    );
    expect(ds.map((d) => d.code)).toEqual(expect.arrayContaining(['probe-bad-pem', 'probe-tls-pair']));
  });
});

describe('pieces', () => {
  it('strips userinfo, query and fragment from URL labels', () => {
    expect(urlLabel('https://user:secret@api.example.com:8443/health?token=abc#x')).toBe('https://api.example.com:8443/health');
    expect(urlLabel('http://[::1]:9000/')).toBe('http://[::1]:9000/');
    expect(urlLabel('not a url ?token=1')).toBe('invalid-url');
  });

  it("reads a timeout as Go's time.ParseDuration does, as blackbox_exporter's module timeout", async () => {
    expect(parseGoDurationMs('500ms')).toBe(500);
    expect(parseGoDurationMs('1m30s')).toBe(90_000);
    expect(parseGoDurationMs('2.5s')).toBe(2500);
    expect(parseGoDurationMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDurationMs('.5s')).toBe(500);
    expect(parseGoDurationMs('1500us')).toBe(1.5);
    expect(parseGoDurationMs('2000000ns')).toBe(2);
    expect(parseGoDurationMs('5')).toBeUndefined();
    expect(parseGoDurationMs('1d')).toBeUndefined();
    expect(parseGoDurationMs('s')).toBeUndefined();
    expect(parseGoDurationMs('.s')).toBeUndefined();
    // A blackbox.yml timeout in microseconds or with a bare fraction loads as it does there.
    const config = parseConfig(
      'probes:\n  - {name: a, kind: tcp, host: 127.0.0.1, port: 1, timeout: 250000us}\n  - {name: b, kind: tcp, host: 127.0.0.1, port: 1, timeout: .5s}\n',
      'vigil.yml',
    );
    const probes = (await buildCollectors(config)).find((c) => c.name === 'probes') as ProbeCollector;
    expect(probes.probes.map((p) => p.timeoutMs)).toEqual([250, 500]);
  });
});
