import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request, type RequestOptions } from 'node:https';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import bcrypt from 'bcryptjs';
import type { Collector } from '../../src/collectors/types.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { gauge } from '../../src/metrics/model.js';
import { BasicAuth } from '../../src/web/auth.js';
import { parseWebConfig } from '../../src/web/load.js';
import { makePki, type TestPki } from '../support/certs.js';

const one: Collector = { name: 'one', collect: () => [gauge('test_one', 'h', [{ value: 1 }])] };

function get(url: string, opts: RequestOptions = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 5000, ...opts }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let pki: TestPki;
beforeAll(() => {
  pki = makePki();
});

async function serve(webYaml: string): Promise<RunningExporter> {
  const web = parseWebConfig(webYaml, `${pki.dir}/web.yml`);
  return startExporter({ config: { ...defaultConfig(), listen: '127.0.0.1:0' }, collectors: [one], web, log: () => undefined });
}

describe('TLS', () => {
  let exp: RunningExporter;
  beforeAll(async () => {
    exp = await serve(
      `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`,
    );
  });
  afterAll(async () => {
    await exp.close();
  });

  it('serves /metrics over TLS to a client that trusts the CA, with the configured headers', async () => {
    const r = await get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert) });
    expect(exp.url.startsWith('https://')).toBe(true);
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^test_one 1$/m);
    expect(r.headers['x-frame-options']).toBe('deny');
  });

  it('refuses TLS 1.1 by default (TLS 1.2 minimum)', async () => {
    await expect(get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert), maxVersion: 'TLSv1.1', minVersion: 'TLSv1' })).rejects.toThrow();
  });

  it('fails the handshake for a client that does not trust the certificate', async () => {
    await expect(get(`${exp.url}/metrics`)).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });
});

/** Handshakes with the server and reports the protocol and cipher agreed, or the error. */
function handshake(url: string, opts: ConnectionOptions): Promise<{ protocol: string | null; cipher: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: hostname, port: Number(port), ca: pki.read(pki.caCert), servername: 'localhost', ...opts }, () => {
      const r = { protocol: s.getProtocol(), cipher: s.getCipher().name };
      s.end();
      resolve(r);
    });
    s.setTimeout(5000, () => s.destroy(new Error('handshake timed out')));
    s.on('error', reject);
  });
}

/** `openssl s_client` as an outside client: its output, whether or not the handshake worked. */
function sClient(url: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const child = spawn('openssl', ['s_client', '-connect', `${hostname}:${port}`, '-CAfile', pki.caCert, '-brief', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdin.end();
    const t = setTimeout(() => child.kill(), 10_000);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

describe('exporter-toolkit TLS settings, unchanged', () => {
  const base = () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n`;
  let exp: RunningExporter | undefined;
  afterEach(async () => {
    await exp?.close();
    exp = undefined;
  });

  it('takes Go cipher suite names: a TLS 1.2 client agrees on the named suite, TLS 1.3 keeps working', async () => {
    exp = await serve(`${base()}  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n`);
    expect(await handshake(exp.url, { maxVersion: 'TLSv1.2' })).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' });
    await expect(handshake(exp.url, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' })).rejects.toThrow();
    expect((await handshake(exp.url, {})).protocol).toBe('TLSv1.3');
    const r = await get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert), maxVersion: 'TLSv1.2' });
    expect(r.status).toBe(200);
  });

  it('takes Go curve names: CurveP384 alone refuses a client that offers only X25519', async () => {
    exp = await serve(`${base()}  curve_preferences: [CurveP384]\n`);
    expect((await handshake(exp.url, { ecdhCurve: 'P-384' })).protocol).toBe('TLSv1.3');
    await expect(handshake(exp.url, { ecdhCurve: 'X25519' })).rejects.toThrow();
  });

  it('min_version: TLS10 lets a TLS 1.0 and a TLS 1.1 client in (openssl s_client -tls1, -tls1_1)', async () => {
    exp = await serve(`${base()}  min_version: TLS10\n`);
    for (const [flag, version] of [
      ['-tls1', 'TLSv1'],
      ['-tls1_1', 'TLSv1.1'],
    ] as const) {
      const r = await sClient(exp.url, [flag, '-cipher', 'DEFAULT@SECLEVEL=0']);
      expect(r.out, flag).toContain(`Protocol version: ${version}\n`);
      expect(r.code, r.out).toBe(0);
    }
    const r = await get(`${exp.url}/metrics`, {
      ca: pki.read(pki.caCert),
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    expect(r.status).toBe(200);
  });

  it('without min_version, TLS 1.0 is still refused (openssl s_client -tls1)', async () => {
    exp = await serve(base());
    const r = await sClient(exp.url, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    expect(r.out).not.toContain('Protocol version: TLSv1\n');
    expect(r.code).not.toBe(0);
  });
});

describe('mTLS with RequireAndVerifyClientCert', () => {
  let exp: RunningExporter;
  beforeAll(async () => {
    exp = await serve(
      `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  client_ca_file: ${pki.caCert}\n  client_auth_type: RequireAndVerifyClientCert\n`,
    );
  });
  afterAll(async () => {
    await exp.close();
  });

  it('accepts a client certificate signed by the client CA', async () => {
    const r = await get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert), cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey) });
    expect(r.status).toBe(200);
  });

  it('refuses a client without a certificate', async () => {
    await expect(get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert) })).rejects.toThrow();
  });

  it('refuses a client certificate from another CA', async () => {
    await expect(
      get(`${exp.url}/metrics`, { ca: pki.read(pki.caCert), cert: pki.read(pki.strangerCert), key: pki.read(pki.strangerKey) }),
    ).rejects.toThrow();
  });
});

describe('basic auth', () => {
  const password = 'correct horse battery staple';
  let hash: string;
  let exp: RunningExporter;
  beforeAll(async () => {
    hash = bcrypt.hashSync(password, 6);
    exp = await serve(`basic_auth_users:\n  prometheus: '${hash}'\n`);
  });
  afterAll(async () => {
    await exp.close();
  });
  const auth = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

  it('lets the right password in and asks the others for credentials', async () => {
    const ok = await fetch(`${exp.url}/metrics`, { headers: auth('prometheus', password) });
    expect(ok.status).toBe(200);
    const none = await fetch(`${exp.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="vigil"');
    expect((await fetch(`${exp.url}/metrics`, { headers: auth('prometheus', 'wrong') })).status).toBe(401);
    expect((await fetch(`${exp.url}/-/healthy`, { headers: auth('nobody', password) })).status).toBe(401);
  });

  it('never accepts the hash itself as the password, even after a successful login was cached', async () => {
    expect((await fetch(`${exp.url}/metrics`, { headers: auth('prometheus', password) })).status).toBe(200);
    expect((await fetch(`${exp.url}/metrics`, { headers: auth('prometheus', hash) })).status).toBe(401);
  });

  it('handles parallel logins, right and wrong, each with the right answer', async () => {
    const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? password : `wrong-${i}`));
    const statuses = await Promise.all(
      attempts.map((p) => fetch(`${exp.url}/metrics`, { headers: auth('prometheus', p) }).then((r) => r.status)),
    );
    expect(statuses).toEqual(attempts.map((p) => (p === password ? 200 : 401)));
  });

  it('spends the same bcrypt work on unknown users as on known ones', async () => {
    // Work is counted, not timed: each attempt must run exactly one bcrypt verification, and
    // an unknown user's runs against a hash of the same cost as the configured one.
    const calls: string[] = [];
    const a = new BasicAuth({ prometheus: bcrypt.hashSync(password, 8) }, 64, 1024, (p, h) => {
      calls.push(h);
      return bcrypt.compare(p, h);
    });
    const cost = (h: string) => /^\$2[aby]\$(\d\d)\$/.exec(h)?.[1];
    for (const user of ['prometheus', 'mallory']) {
      calls.length = 0;
      for (let i = 0; i < 3; i++) expect((await a.check(`Basic ${Buffer.from(`${user}:guess-${i}`).toString('base64')}`)).ok).toBe(false);
      expect(calls.length, user).toBe(3);
      expect(calls.map(cost), user).toEqual(['08', '08', '08']);
    }
    // The unknown user's hash is a whole bcrypt hash, so the verification is a full one.
    expect(calls[0]).toMatch(/^\$2[aby]\$08\$[./A-Za-z0-9]{53}$/);
  });

  it('keeps a cached scraper fast while a flood of wrong passwords is verified', async () => {
    // A real scrape awaits many small reads; each await needs the event loop. bcrypt on the
    // main thread holds it ~100 ms at a time, so such a scrape took seconds under a flood.
    const reads: Collector = {
      name: 'reads',
      collect: async () => {
        for (let i = 0; i < 30; i++) await readFile('/proc/self/stat');
        return [gauge('test_reads', 'h', [{ value: 30 }])];
      },
    };
    const web = parseWebConfig(`basic_auth_users:\n  prometheus: '${bcrypt.hashSync(password, 10)}'\n`, `${pki.dir}/web.yml`);
    const e = await startExporter({
      config: { ...defaultConfig(), listen: '127.0.0.1:0' },
      collectors: [reads],
      web,
      log: () => undefined,
    });
    try {
      expect((await fetch(`${e.url}/metrics`, { headers: auth('prometheus', password) })).status).toBe(200);
      let flooding = true;
      let attempts = 0;
      const statuses = new Set<number>();
      const flood = Array.from({ length: 8 }, async (_, k) => {
        for (let i = 0; flooding && i < 100; i++) {
          attempts++;
          statuses.add((await fetch(`${e.url}/metrics`, { headers: auth('prometheus', `wrong-${k}-${i}`) })).status);
        }
      });
      // Measure once wrong passwords are being turned away, i.e. bcrypt is busy.
      for (let i = 0; i < 200 && !statuses.has(401); i++) await new Promise((r) => setTimeout(r, 50));
      expect(statuses.has(401)).toBe(true);
      const took: number[] = [];
      const bodies: string[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = await fetch(`${e.url}/metrics`, {
          headers: { ...auth('prometheus', password), 'X-Prometheus-Scrape-Timeout-Seconds': '4' },
        });
        bodies.push(await r.text());
        took.push(performance.now() - started);
      }
      flooding = false;
      await Promise.all(flood);
      expect(attempts).toBeGreaterThan(8);
      // Unloaded this is a few ms; 1 s leaves room for a busy machine, and is well under
      // what the main-thread bcrypt gave (30 reads × ~100 ms).
      expect(Math.max(...took), took.map((t) => t.toFixed(0)).join(' ')).toBeLessThan(1000);
      for (const b of bodies) expect(b).toMatch(/^test_reads 30$/m);
    } finally {
      await e.close();
    }
  });

  it('runs bcrypt one at a time and refuses beyond a bounded queue', async () => {
    const a = new BasicAuth({ prometheus: bcrypt.hashSync(password, 8) }, 4);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => a.check(`Basic ${Buffer.from(`prometheus:x${i}`).toString('base64')}`)),
    );
    expect(results.filter((r) => r.busy).length).toBe(6);
    expect(results.filter((r) => !r.busy && !r.ok).length).toBe(4);
  });
});
