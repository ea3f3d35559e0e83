import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createTlsServer } from 'node:tls';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { closedPort, httpServer, lineServer, run, selfSigned, silentServer, type Listening } from './support.js';
import { MAX_LINES_PER_EXPECT } from '../../src/probes/lines.js';

/** Sends newlines as fast as the peer takes them, after `before` lines of its own. */
function floodServer(before = ''): Promise<{ port: number; close(): Promise<void> }> {
  const newlines = Buffer.alloc(64 * 1024, 10);
  const server = createNetServer((s) => {
    s.on('error', () => undefined);
    s.write(before);
    const pump = () => {
      while (!s.destroyed && s.write(newlines));
    };
    s.on('drain', pump);
    pump();
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

describe('tcp and tls probes', () => {
  let lines: Listening;
  let silent: Listening;
  const cert = selfSigned(5);
  const tlsServer = createTlsServer({ key: cert.key, cert: cert.cert }, (s) => {
    s.write('220 secure hello\n');
    s.on('error', () => undefined);
  });
  let tlsPort = 0;

  beforeAll(async () => {
    lines = await lineServer();
    silent = await silentServer();
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all([lines.close(), silent.close(), new Promise((r) => tlsServer.close(r))]);
  });

  it('connects, and runs send/expect steps', async () => {
    expect((await run({ kind: 'tcp', host: '127.0.0.1', port: lines.port })).success).toBe(1);
    const o = await run({
      kind: 'tcp',
      host: '127.0.0.1',
      port: lines.port,
      query_response: [{ expect: '^220 ' }, { send: 'ping' }, { expect: '^pong$' }],
    });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('vigil_probe_info', { target: `127.0.0.1:${lines.port}` })).toBe(1);
  });

  it('times out waiting for a line that never comes, and fails with protocol when the server hangs up first', async () => {
    const o = await run({ kind: 'tcp', host: '127.0.0.1', port: lines.port, timeout: '300ms', query_response: [{ expect: '^never' }] });
    expect([o.success, o.reason]).toEqual([0, 'timeout']);
    const bye = createNetServer((s) => s.end('bye\n'));
    await new Promise<void>((r) => bye.listen(0, '127.0.0.1', r));
    try {
      const closed = await run({
        kind: 'tcp',
        host: '127.0.0.1',
        port: (bye.address() as AddressInfo).port,
        query_response: [{ expect: '^never' }],
      });
      expect([closed.success, closed.reason]).toEqual([0, 'protocol']);
    } finally {
      await new Promise((r) => bye.close(r));
    }
  });

  it('fails with reason refused on a closed port and timeout on a silent expect', async () => {
    const port = await closedPort();
    expect((await run({ kind: 'tcp', host: '127.0.0.1', port })).reason).toBe('refused');
    const o = await run({ kind: 'tcp', host: '127.0.0.1', port: silent.port, timeout: '200ms', query_response: [{ expect: 'x' }] });
    expect(o.reason).toBe('timeout');
    await new Promise((r) => setTimeout(r, 50));
    expect(silent.open.size).toBe(0);
  });

  it('speaks TLS when asked and reports the certificate expiry', async () => {
    const o = await run({
      kind: 'tcp',
      host: 'localhost',
      port: tlsPort,
      tls: { ca_file: cert.certFile },
      query_response: [{ expect: 'secure' }],
    });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('probe_ssl_earliest_cert_expiry')).toBe(cert.notAfter);
  });

  it('tls probe: handshake only, expiry and version; untrusted chain is reason tls', async () => {
    const o = await run({ kind: 'tls', host: '127.0.0.1', port: tlsPort, tls: { ca_file: cert.certFile } });
    expect(o.success).toBe(1);
    expect(o.value('probe_ssl_earliest_cert_expiry')).toBe(cert.notAfter);
    expect(o.value('probe_tls_version_info', { version: 'TLS 1.3' })).toBe(1);
    const untrusted = await run({ kind: 'tls', host: '127.0.0.1', port: tlsPort });
    expect([untrusted.success, untrusted.reason]).toEqual([0, 'tls']);
    const skip = await run({ kind: 'tls', host: '127.0.0.1', port: tlsPort, tls: { insecure_skip_verify: true } });
    expect(skip.value('probe_ssl_earliest_cert_expiry')).toBe(cert.notAfter);
  });

  it('tls probe against a plain TCP server that never answers times out', async () => {
    const o = await run({ kind: 'tls', host: '127.0.0.1', port: silent.port, timeout: '200ms' });
    expect([o.success, o.reason]).toEqual([0, 'timeout']);
  });

  it('a peer flooding newlines neither blocks the event loop nor outlasts a bounded number of lines', async () => {
    const flood = await floodServer();
    const healthy = await httpServer((_req, res) => res.end('ok'));
    let maxGap = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    try {
      const started = performance.now();
      const [flooded, other] = await Promise.all([
        run({ kind: 'tcp', host: '127.0.0.1', port: flood.port, timeout: '4s', query_response: [{ expect: '^never' }] }, 10_000),
        // Started with the flood, on the same event loop, with a budget the flood must not eat.
        run({ kind: 'http', url: `${healthy.url}/`, timeout: '2s' }, 10_000),
      ]);
      const took = performance.now() - started;
      expect(other.error).toBeUndefined();
      expect(other.success).toBe(1);
      expect([flooded.success, flooded.reason]).toEqual([0, 'protocol']);
      expect(flooded.error).toContain(`${MAX_LINES_PER_EXPECT} lines`);
      // Bounded by lines, not by the 4 s timeout (generous for a loaded 2-core machine).
      expect(took).toBeLessThan(3000);
      expect(maxGap).toBeLessThan(1000);
    } finally {
      clearInterval(tick);
      await Promise.all([flood.close(), healthy.close()]);
    }
  });

  it('still finds the expected line after thousands of others, read through the bounded queue', async () => {
    const many = await new Promise<{ port: number; server: import('node:net').Server }>((resolve) => {
      const server = createNetServer((s) => {
        s.on('error', () => undefined);
        s.end(`${'noise\r\n'.repeat(MAX_LINES_PER_EXPECT - 1)}ready\r\n`);
      });
      server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, server }));
    });
    try {
      const o = await run({ kind: 'tcp', host: '127.0.0.1', port: many.port, query_response: [{ expect: '^ready$' }] });
      expect(o.error).toBeUndefined();
      expect(o.success).toBe(1);
    } finally {
      await new Promise((r) => many.server.close(r));
    }
  });

  it('fails a peer that sends an endless line without a newline, after delivering the lines before it', async () => {
    const endless = await new Promise<{ port: number; server: import('node:net').Server }>((resolve) => {
      const server = createNetServer((s) => {
        s.on('error', () => undefined);
        s.write('first\n');
        const piece = 'x'.repeat(16 * 1024);
        const pump = () => {
          while (!s.destroyed && s.write(piece));
        };
        s.on('drain', pump);
        pump();
      });
      server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, server }));
    });
    try {
      const ok = await run({ kind: 'tcp', host: '127.0.0.1', port: endless.port, query_response: [{ expect: '^first$' }] });
      expect(ok.success).toBe(1);
      const o = await run({
        kind: 'tcp',
        host: '127.0.0.1',
        port: endless.port,
        timeout: '4s',
        query_response: [{ expect: '^first$' }, { expect: 'never' }],
      });
      expect([o.success, o.reason]).toEqual([0, 'protocol']);
      expect(o.error).toContain('line longer than');
    } finally {
      await new Promise((r) => endless.server.close(r));
    }
  });
});
