import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../support/exposition-parse.js';
import { tool } from '../support/tools.js';
import { closedPort, httpServer, httpsServer, run, startBlackbox, type Listening } from './support.js';
import type { Daemon } from '../support/daemon.js';

const blackbox = tool('prometheus-blackbox-exporter', 'prometheus-blackbox-exporter');

const FAMILIES = [
  'probe_failed_due_to_regex',
  'probe_ip_addr_hash',
  'probe_ssl_last_chain_expiry_timestamp_seconds',
  'probe_ssl_last_chain_info',
];

interface Seen {
  [family: string]: { labels: Record<string, string>; value: number }[];
}

// The families blackbox_exporter serves beyond the ones vigil always had, compared series by
// series (labels and value) on the same targets: the real binary is the reference.
describe.skipIf(blackbox.missing)("blackbox_exporter's regex, IP hash and chain families", () => {
  let dir = '';
  let bb: Daemon | undefined;
  let bbUrl = '';
  let plain: Listening<HttpServer>;
  let tls: Listening<HttpServer>;
  let signed: Listening<HttpServer>;
  let lines: { server: Server; port: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-bbx-'));
    // A subject that exercises Go's name formatting: reordering, a multi-valued attribute, an
    // escaped comma, a leading '#', non-ASCII text and an attribute Go has no name for.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '3',
        '-utf8',
        '-subj',
        '/C=DE/ST=#Bayern/O=Acme, Inc/O=Büro/OU=Ops/CN=localhost/emailAddress=ops@example.test',
        '-addext',
        'subjectAltName=DNS:localhost,DNS:alt.example.test,IP:127.0.0.1',
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // A leaf that outlives its CA (30 days against 2), sent without the CA: the verified
    // chain then ends sooner than the leaf, which is what the "last chain" expiry is about.
    const ssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    ssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=short-lived CA',
    ]);
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
    writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=DNS:localhost\n');
    ssl([
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-out',
      'leaf.pem',
      '-extfile',
      'leaf.ext',
    ]);
    signed = await httpsServer((_req, res) => res.end('all good'), {
      key: readFileSync(join(dir, 'leaf.key')),
      cert: readFileSync(join(dir, 'leaf.pem')),
    });
    const cert = join(dir, 'cert.pem');
    plain = await httpServer((_req, res) => res.end('all good'));
    tls = await httpsServer((_req, res) => res.end('all good'), { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(cert) });
    const lineServer = createNetServer((s) => {
      s.on('error', () => undefined);
      s.end('hello\nworld\n');
    });
    await new Promise<void>((r) => lineServer.listen(0, '127.0.0.1', r));
    lines = { server: lineServer, port: (lineServer.address() as { port: number }).port };
    ({ daemon: bb, url: bbUrl } = await startBlackbox(
      blackbox.path!,
      dir,
      [
        'modules:',
        `  https: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4, tls_config: {ca_file: ${cert}}}}`,
        `  https_ca: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4, tls_config: {ca_file: ${join(dir, 'ca.pem')}}}}`,
        '  https_insecure: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4, tls_config: {insecure_skip_verify: true}}}',
        '  body_bad: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4, fail_if_body_not_matches_regexp: ["^nothing like this"]}}',
        '  body_ok: {prober: http, timeout: 5s, http: {preferred_ip_protocol: ip4, fail_if_body_matches_regexp: ["maintenance"]}}',
        '  tcp: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4}}',
        '  tcp_expect: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4, query_response: [{expect: "^nothing like this"}]}}',
        '  tcp_expect_ok: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4, query_response: [{expect: "^world"}]}}',
        `  tcp_tls: {prober: tcp, timeout: 5s, tcp: {preferred_ip_protocol: ip4, tls: true, tls_config: {ca_file: ${cert}}}}`,
      ].join('\n') + '\n',
    ));
  });
  afterAll(async () => {
    await bb?.stop();
    await plain?.close();
    await tls?.close();
    await signed?.close();
    if (lines) await new Promise((r) => lines.server.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function viaBlackbox(module: string, target: string): Promise<Seen> {
    const fams = parseExposition(await (await fetch(`${bbUrl}/probe?module=${module}&target=${encodeURIComponent(target)}`)).text());
    const out: Seen = {};
    for (const f of FAMILIES) {
      const series = fams.get(f)?.series;
      if (series) out[f] = series.map((s) => ({ labels: s.labels, value: s.value }));
    }
    return out;
  }

  async function viaVigil(raw: Record<string, unknown>): Promise<Seen> {
    const r = await run(raw);
    const out: Seen = {};
    for (const [name, samples] of r.metrics.entries()) {
      if (!FAMILIES.includes(name)) continue;
      out[name] = samples.map((s) => {
        const { probe: _p, kind: _k, ...labels } = s.labels ?? {};
        return { labels, value: s.value };
      });
    }
    return out;
  }

  it('serves the same series with the same labels and values', async () => {
    const cert = join(dir, 'cert.pem');
    const refused = await closedPort();
    const cases: [string, string, Record<string, unknown>][] = [
      ['https', `https://localhost:${tls.port}/`, { kind: 'http', url: `https://localhost:${tls.port}/`, tls: { ca_file: cert } }],
      [
        'https_ca',
        `https://localhost:${signed.port}/`,
        { kind: 'http', url: `https://localhost:${signed.port}/`, tls: { ca_file: join(dir, 'ca.pem') } },
      ],
      ['body_bad', `${plain.url}/`, { kind: 'http', url: `${plain.url}/`, fail_if_body_not_matches: ['^nothing like this'] }],
      ['body_ok', `${plain.url}/`, { kind: 'http', url: `${plain.url}/`, fail_if_body_matches: ['maintenance'] }],
      ['body_ok', `http://127.0.0.1:${refused}/`, { kind: 'http', url: `http://127.0.0.1:${refused}/` }],
      ['tcp', `127.0.0.1:${plain.port}`, { kind: 'tcp', host: '127.0.0.1', port: plain.port }],
      [
        'tcp_expect',
        `127.0.0.1:${lines.port}`,
        { kind: 'tcp', host: '127.0.0.1', port: lines.port, query_response: [{ expect: '^nothing like this' }] },
      ],
      [
        'tcp_expect_ok',
        `127.0.0.1:${lines.port}`,
        { kind: 'tcp', host: '127.0.0.1', port: lines.port, query_response: [{ expect: '^world' }] },
      ],
      ['tcp_tls', `localhost:${tls.port}`, { kind: 'tls', host: 'localhost', port: tls.port, tls: { ca_file: cert } }],
    ];
    for (const [module, target, raw] of cases) {
      const bb = await viaBlackbox(module, target);
      expect(await viaVigil(raw), `${module} ${target}`).toEqual(bb);
    }
  });

  it("agrees on the known values: the hash of 127.0.0.1, the regex verdicts and Go's form of the subject", async () => {
    const https = await viaBlackbox('https', `https://localhost:${tls.port}/`);
    // FNV-1a 32 of the bytes 127 0 0 1, worked out by hand from the algorithm.
    expect(https['probe_ip_addr_hash']![0]!.value).toBe(3668918509);
    expect(https['probe_ssl_last_chain_info']![0]!.labels).toMatchObject({
      subject: 'CN=localhost,OU=Ops,O=Acme\\, Inc+O=Büro,ST=\\#Bayern,C=DE,1.2.840.113549.1.9.1=#0c106f7073406578616d706c652e74657374',
      subjectalternative: 'localhost,alt.example.test',
    });
    expect((await viaBlackbox('body_bad', `${plain.url}/`))['probe_failed_due_to_regex']![0]!.value).toBe(1);
    expect((await viaBlackbox('tcp_expect', `127.0.0.1:${lines.port}`))['probe_failed_due_to_regex']![0]!.value).toBe(1);
  });

  it('takes the last chain expiry from the CA when the CA expires before the leaf', async () => {
    const bb = await viaBlackbox('https_ca', `https://localhost:${signed.port}/`);
    const caEnd =
      Date.parse(
        execFileSync('openssl', ['x509', '-in', join(dir, 'ca.pem'), '-noout', '-enddate'], { encoding: 'utf8' })
          .trim()
          .replace(/^notAfter=/, ''),
      ) / 1000;
    expect(bb['probe_ssl_last_chain_expiry_timestamp_seconds']![0]!.value).toBe(caEnd);
    const ours = await viaVigil({ kind: 'http', url: `https://localhost:${signed.port}/`, tls: { ca_file: join(dir, 'ca.pem') } });
    expect(ours['probe_ssl_last_chain_expiry_timestamp_seconds']![0]!.value).toBe(caEnd);
  });

  it('leaves out the chain expiry when the chain was not verified, where blackbox_exporter reports year 1', async () => {
    const bb = await viaBlackbox('https_insecure', `https://127.0.0.1:${tls.port}/`);
    expect(bb['probe_ssl_last_chain_expiry_timestamp_seconds']![0]!.value).toBe(-62135596800);
    const ours = await viaVigil({ kind: 'http', url: `https://127.0.0.1:${tls.port}/`, tls: { insecure_skip_verify: true } });
    expect(ours['probe_ssl_last_chain_expiry_timestamp_seconds']).toBeUndefined();
    expect(ours['probe_ssl_last_chain_info']).toEqual(bb['probe_ssl_last_chain_info']);
  });
});
