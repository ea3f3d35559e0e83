import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, httpServer, httpsServer, run, selfSigned, silentServer, type Listening } from './support.js';

describe('http probe against real servers', () => {
  let plain: Listening<import('node:http').Server>;
  let other: Listening<import('node:http').Server>;
  let silent: Listening;
  const seen: Record<string, Record<string, string | string[] | undefined>> = {};

  beforeAll(async () => {
    // The second server is reached as "localhost", the first as "127.0.0.1": two hosts.
    other = await httpServer((req, res) => {
      seen[`other${req.url}`] = req.headers;
      res.end('final');
    });
    plain = await httpServer((req, res) => {
      seen[req.url ?? ''] = req.headers;
      switch (req.url) {
        case '/ok':
          res.setHeader('Content-Length', '11');
          res.end('hello vigil');
          return;
        case '/fail':
          res.statusCode = 503;
          res.end('down');
          return;
        case '/big':
          res.end('x'.repeat(5000));
          return;
        case '/post': {
          let body = '';
          req.on('data', (d) => {
            body += d;
          });
          req.on('end', () => res.end(`${req.method} ${body}`));
          return;
        }
        case '/r1':
          res.writeHead(302, { Location: '/r2' }).end();
          return;
        case '/r2':
          res.writeHead(301, { Location: `http://localhost:${other.port}/end` }).end();
          return;
        case '/loop':
          res.writeHead(302, { Location: '/loop' }).end();
          return;
        default:
          res.statusCode = 404;
          res.end();
      }
    });
    silent = await silentServer();
  });
  afterAll(async () => {
    await Promise.all([plain.close(), other.close(), silent.close()]);
  });

  it('reports success, status, version, lengths and all five phases for a 200', async () => {
    const o = await run({ kind: 'http', url: `${plain.url}/ok` });
    expect(o.success).toBe(1);
    expect(o.reason).toBeUndefined();
    expect(o.value('probe_http_status_code')).toBe(200);
    expect(o.value('probe_http_version')).toBe(1.1);
    expect(o.value('probe_http_content_length')).toBe(11);
    expect(o.value('probe_http_uncompressed_body_length')).toBe(11);
    expect(o.value('probe_http_ssl')).toBe(0);
    expect(o.value('probe_http_redirects')).toBe(0);
    expect(o.value('probe_ip_protocol')).toBe(4);
    for (const phase of ['resolve', 'connect', 'tls', 'processing', 'transfer']) {
      expect(o.value('probe_http_duration_seconds', { phase })).toBeGreaterThanOrEqual(0);
    }
    expect(o.value('probe_http_duration_seconds', { phase: 'connect' })).toBeGreaterThan(0);
    expect(o.value('vigil_probe_info', { target: `${plain.url}/ok` })).toBe(1);
  });

  it('fails with reason status on a 503 and accepts it when listed', async () => {
    const bad = await run({ kind: 'http', url: `${plain.url}/fail` });
    expect(bad.success).toBe(0);
    expect(bad.reason).toBe('status');
    expect(bad.value('probe_http_status_code')).toBe(503);
    const ok = await run({ kind: 'http', url: `${plain.url}/fail`, valid_status_codes: [503] });
    expect(ok.success).toBe(1);
  });

  it('checks the body against fail_if_body_matches and fail_if_body_not_matches', async () => {
    expect((await run({ kind: 'http', url: `${plain.url}/ok`, fail_if_body_not_matches: ['hello'] })).success).toBe(1);
    const m = await run({ kind: 'http', url: `${plain.url}/ok`, fail_if_body_matches: ['vig.l'] });
    expect([m.success, m.reason]).toEqual([0, 'body']);
    const n = await run({ kind: 'http', url: `${plain.url}/ok`, fail_if_body_not_matches: ['^goodbye'] });
    expect([n.success, n.reason]).toEqual([0, 'body']);
  });

  it('sends method, headers and body', async () => {
    const o = await run({
      kind: 'http',
      url: `${plain.url}/post`,
      method: 'POST',
      body: 'ping',
      headers: { 'X-Test': 'yes' },
      fail_if_body_not_matches: ['^POST ping$'],
    });
    expect(o.success).toBe(1);
    expect(seen['/post']?.['x-test']).toBe('yes');
  });

  it('fails with reason body when the body is longer than body_size_limit', async () => {
    const o = await run({ kind: 'http', url: `${plain.url}/big`, body_size_limit: 1000 });
    expect([o.success, o.reason]).toEqual([0, 'body']);
    expect((await run({ kind: 'http', url: `${plain.url}/big`, body_size_limit: 10_000 })).success).toBe(1);
  });

  it('follows a redirect chain, keeps credentials on the same host and drops them on another', async () => {
    const o = await run(
      {
        kind: 'http',
        url: `${plain.url}/r1`,
        headers: { Cookie: { value_env: 'T_COOKIE' }, 'X-Plain': 'kept' },
        bearer_token_env: 'T_TOKEN',
        follow_cross_origin_redirects: true,
      },
      5000,
      { T_TOKEN: 'sekret-token', T_COOKIE: 'session=abc' },
    );
    expect(o.success).toBe(1);
    expect(o.value('probe_http_redirects')).toBe(2);
    expect(seen['/r1']?.['authorization']).toBe('Bearer sekret-token');
    expect(seen['/r2']?.['authorization']).toBe('Bearer sekret-token');
    expect(seen['/r2']?.['cookie']).toBe('session=abc');
    const final = seen['other/end']!;
    expect(final['authorization']).toBeUndefined();
    expect(final['cookie']).toBeUndefined();
    expect(final['x-plain']).toBe('kept');
    expect(final['host']).toBe(`localhost:${other.port}`);
  });

  it('stops a redirect loop after max_redirects, and reports the 3xx when not following', async () => {
    const loop = await run({ kind: 'http', url: `${plain.url}/loop`, max_redirects: 3 });
    expect([loop.success, loop.reason]).toEqual([0, 'protocol']);
    const still = await run({ kind: 'http', url: `${plain.url}/r1`, follow_redirects: false, valid_status_codes: [302] });
    expect(still.success).toBe(1);
    expect(still.value('probe_http_status_code')).toBe(302);
  });

  it('fails with reason refused on a closed port', async () => {
    const port = await closedPort();
    const o = await run({ kind: 'http', url: `http://127.0.0.1:${port}/` });
    expect([o.success, o.reason]).toEqual([0, 'refused']);
  });

  it('fails with reason dns for a name that does not resolve', async () => {
    const o = await run({ kind: 'http', url: 'http://no-such-host.invalid/' });
    expect([o.success, o.reason]).toEqual([0, 'dns']);
  });

  it('gives up on a server that never answers at its timeout, and destroys the socket', async () => {
    const started = Date.now();
    const o = await run({ kind: 'http', url: `http://127.0.0.1:${silent.port}/`, timeout: '300ms' }, 5000);
    const took = Date.now() - started;
    expect([o.success, o.reason]).toEqual([0, 'timeout']);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1000);
    expect(o.seconds).toBeLessThan(1);
    // The server sees its side closed: no connection is left behind.
    await new Promise((r) => setTimeout(r, 50));
    expect(silent.open.size).toBe(0);
  });

  it('cuts the timeout to the deadline when the deadline comes first', async () => {
    const started = Date.now();
    const o = await run({ kind: 'http', url: `http://127.0.0.1:${silent.port}/`, timeout: '10s' }, 200);
    expect(o.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('resolves localhost through the system resolver, honouring preferred_ip_protocol', async () => {
    const o = await run({ kind: 'http', url: `http://localhost:${plain.port}/ok`, preferred_ip_protocol: 'ip4' });
    expect(o.success).toBe(1);
    expect(o.value('probe_ip_protocol')).toBe(4);
    expect(o.value('probe_dns_lookup_time_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('connects over IPv6 to [::1]', async () => {
    const v6 = await httpServer((_req, res) => res.end('six'), '::1');
    try {
      const o = await run({ kind: 'http', url: `${v6.url}/`, preferred_ip_protocol: 'ip6' });
      expect(o.success).toBe(1);
      expect(o.value('probe_ip_protocol')).toBe(6);
    } finally {
      await v6.close();
    }
  });
});

describe('https probe', () => {
  const cert = selfSigned(3);
  let server: Listening<import('node:http').Server>;
  let mtls: Listening<import('node:http').Server>;
  const client = selfSigned(3, 'prometheus');

  beforeAll(async () => {
    server = await httpsServer((_req, res) => res.end('secure'), { key: cert.key, cert: cert.cert });
    mtls = await httpsServer(
      (req, res) => {
        const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.end(`client ${peer.subject?.CN ?? 'none'}`);
      },
      { key: cert.key, cert: cert.cert, ca: client.cert, requestCert: true },
    );
  });
  afterAll(async () => {
    await Promise.all([server.close(), mtls.close()]);
  });

  it('reports the certificate expiry made at test time, the TLS version and probe_http_ssl', async () => {
    const o = await run({ kind: 'http', url: `https://localhost:${server.port}/`, tls: { ca_file: cert.certFile } });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('probe_ssl_earliest_cert_expiry')).toBe(cert.notAfter);
    expect((cert.notAfter - Date.now() / 1000) / 86400).toBeGreaterThan(2.9);
    expect(o.value('probe_http_ssl')).toBe(1);
    expect(o.value('probe_tls_version_info', { version: 'TLS 1.3' })).toBe(1);
    expect(o.value('probe_http_duration_seconds', { phase: 'tls' })).toBeGreaterThan(0);
  });

  it('fails with reason tls when the chain is not trusted, and passes with verification off', async () => {
    const o = await run({ kind: 'http', url: `https://127.0.0.1:${server.port}/` });
    expect([o.success, o.reason]).toEqual([0, 'tls']);
    const off = await run({ kind: 'http', url: `https://127.0.0.1:${server.port}/`, tls: { insecure_skip_verify: true } });
    expect(off.success).toBe(1);
    expect(off.value('probe_ssl_earliest_cert_expiry')).toBe(cert.notAfter);
  });

  it('checks the name against the certificate (127.0.0.1 is in the SAN, a wrong server_name is not)', async () => {
    expect((await run({ kind: 'http', url: `https://127.0.0.1:${server.port}/`, tls: { ca_file: cert.certFile } })).success).toBe(1);
    const wrong = await run({
      kind: 'http',
      url: `https://127.0.0.1:${server.port}/`,
      tls: { ca_file: cert.certFile, server_name: 'example.org' },
    });
    expect([wrong.success, wrong.reason]).toEqual([0, 'tls']);
  });

  it('presents a client certificate to a server that requires one', async () => {
    const without = await run({ kind: 'http', url: `https://localhost:${mtls.port}/`, tls: { ca_file: cert.certFile } });
    expect(without.success).toBe(0);
    const withCert = await run({
      kind: 'http',
      url: `https://localhost:${mtls.port}/`,
      fail_if_body_not_matches: ['^client prometheus$'],
      tls: { ca_file: cert.certFile, cert_file: client.certFile, key_file: client.keyFile },
    });
    expect(withCert.error).toBeUndefined();
    expect(withCert.success).toBe(1);
  });

  it('fail_if_not_ssl fails a plain http target with reason tls', async () => {
    const plain = await httpServer((_req, res) => res.end('plain'));
    try {
      const o = await run({ kind: 'http', url: `${plain.url}/`, fail_if_not_ssl: true });
      expect([o.success, o.reason]).toEqual([0, 'tls']);
    } finally {
      await plain.close();
    }
  });
});
