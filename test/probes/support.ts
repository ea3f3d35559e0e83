// Servers and helpers shared by the probe tests: real listeners on loopback ports, certificates
// made at test time, and a shorthand to run one probe from a YAML-like object.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { parseProbes } from '../../src/probes/config.js';
import type { MetricFamily } from '../../src/metrics/model.js';
import { runProbe } from '../../src/probes/runner.js';
import type { ProbeMetrics } from '../../src/probes/metrics.js';
import { startDaemon, type Daemon } from '../support/daemon.js';
import { freePort } from '../support/ports.js';

// Certificates and secret files live in temp dirs removed after the importing test file
// (each file gets its own copy of this module).
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

export interface Listening<S extends Server | HttpServer = Server> {
  server: S;
  port: number;
  url: string;
  /** Sockets the server accepted and has not seen closed. */
  open: Set<Socket>;
  close(): Promise<void>;
}

async function listen<S extends Server | HttpServer>(server: S, scheme: string, host = '127.0.0.1'): Promise<Listening<S>> {
  const open = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    open,
    url: `${scheme}://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function httpServer(handler: Handler, host?: string): Promise<Listening<HttpServer>> {
  return listen(createHttpServer(handler), 'http', host);
}

export function httpsServer(
  handler: Handler,
  tls: { key: Buffer; cert: Buffer; ca?: Buffer; requestCert?: boolean },
): Promise<Listening<HttpServer>> {
  const options = tls.requestCert ? { ...tls, requestCert: true, rejectUnauthorized: true } : tls;
  return listen(createHttpsServer(options, handler) as unknown as HttpServer, 'https');
}

/** Accepts connections, reads what comes, and never says a word. */
export function silentServer(): Promise<Listening> {
  return listen(
    createNetServer((s) => {
      s.resume();
      s.on('error', () => undefined);
    }),
    'tcp',
  );
}

/** A line server: answers "hello" on connect and echoes "pong" to "ping". */
export function lineServer(): Promise<Listening> {
  return listen(
    createNetServer((s) => {
      s.write('220 hello vigil\r\n');
      s.on('data', (d) => {
        if (d.toString().includes('ping')) s.write('pong\n');
      });
      s.on('error', () => undefined);
    }),
    'tcp',
  );
}

/** A port that nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const l = await listen(createNetServer(), 'tcp');
  await l.close();
  return l.port;
}

export interface Cert {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** notAfter in Unix seconds, as openssl reads it back. */
  notAfter: number;
}

/** A self-signed certificate for localhost and 127.0.0.1 valid for `days`. */
export function selfSigned(days: number, cn = 'localhost'): Cert {
  const dir = tempDir('vigil-probe-cert-');
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
      String(days),
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const end = execFileSync('openssl', ['x509', '-in', 'cert.pem', '-noout', '-enddate'], { cwd: dir, encoding: 'utf8' });
  const notAfter = Date.parse(end.trim().replace(/^notAfter=/, '')) / 1000;
  return {
    dir,
    certFile: join(dir, 'cert.pem'),
    keyFile: join(dir, 'key.pem'),
    cert: readFileSync(join(dir, 'cert.pem')),
    key: readFileSync(join(dir, 'key.pem')),
    notAfter,
  };
}

export function writeTemp(name: string, text: string): string {
  const dir = tempDir('vigil-probe-');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Parses one probe as the config loader would, failing the test on any problem. */
export function probeOf(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env) {
  const { probes, problems } = parseProbes([{ name: 'p', ...raw }], env);
  if (problems.length) throw new Error(problems.map((p) => `${p.code}: ${p.message}`).join('; '));
  return probes[0]!;
}

export interface Outcome {
  success: number;
  reason: string | undefined;
  seconds: number;
  value(name: string, extra?: Record<string, string>): number | undefined;
  metrics: ProbeMetrics;
  error: string | undefined;
}

/** Runs one probe with a deadline `budgetMs` from now and flattens what it reported. */
export async function run(raw: Record<string, unknown>, budgetMs = 5000, env?: NodeJS.ProcessEnv): Promise<Outcome> {
  const r = await runProbe(probeOf(raw, env), Date.now() + budgetMs);
  const m = r.metrics;
  const entries = new Map(m.entries());
  const failure = entries.get('vigil_probe_failure_info')?.[0]?.labels?.['reason'];
  return {
    success: m.get('probe_success'),
    reason: failure,
    seconds: m.get('probe_duration_seconds'),
    value(name, extra) {
      const list = entries.get(name as never);
      if (!list) return undefined;
      const want = { probe: 'p', ...extra };
      const hit = list.find((s) => Object.entries(want).every(([k, v]) => s.labels?.[k] === v));
      return hit?.value;
    },
    metrics: m,
    error: r.error,
  };
}

export function sampleValue(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const f = families.find((x) => x.name === name);
  return f?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))?.value;
}

/** Handles the test process holds open (sockets, timers, servers), by type. */
export function handleCount(): number {
  return process.getActiveResourcesInfo().filter((t) => t === 'TCPSocketWrap' || t === 'TCPWrap' || t === 'Timeout' || t === 'TLSWrap')
    .length;
}

/** The real blackbox_exporter at `binary` on a free loopback port, its blackbox.yml (`config`) written into `dir`. */
export async function startBlackbox(binary: string, dir: string, config: string): Promise<{ daemon: Daemon; url: string }> {
  const file = join(dir, 'blackbox.yml');
  writeFileSync(file, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon(
    'blackbox_exporter',
    binary,
    [`--config.file=${file}`, `--web.listen-address=127.0.0.1:${port}`],
    `${url}/-/healthy`,
  );
  return { daemon, url };
}
