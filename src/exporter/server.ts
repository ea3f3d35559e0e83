// The HTTP(S) server: /metrics (outside express's router, the hot path), /probe, /sd/probes,
// /-/healthy, /-/ready, /-/reload and the landing page, behind the web config's TLS and basic
// auth and the in-flight limit. Shutdown lets requests in flight finish within a grace period.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { releaseKeptFiles } from '../collectors/read.js';
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import { WriterPool } from '../metrics/bytes.js';
import { contentType, encodeInto, negotiate } from '../metrics/exposition.js';
import { loggerFrom, type Logger } from '../log.js';
import { counter, single, type MetricFamily } from '../metrics/model.js';
import { probeRoute, sdRoute } from '../probes/route.js';
import { VERSION } from '../version.js';
import type { BasicAuth } from '../web/auth.js';
import { guardsClients } from '../web/guarded.js';
import { header, pathOf, send, TEXT } from '../web/respond.js';
import type { LoadedWebConfig } from '../web/load.js';
import { scrapeBudgetSeconds } from '../metrics/deadline.js';
import { acceptsGzip } from './encoding.js';
import { landingPage } from './landing.js';
import { parseListenAddress } from '../config/listen.js';
import { ListenError, listenFailure } from './listen.js';
import { InFlightLimit } from './limits.js';
import { ExporterState } from './state.js';

export interface ExporterOptions {
  config: VigilConfig;
  /** Replaces the collectors built from the config (tests inject failing or slow ones). */
  collectors?: Collector[];
  /** Re-reads the config for SIGHUP and POST /-/reload; without it reload is refused. */
  reloadConfig?: () => Promise<VigilConfig>;
  /**
   * Whether POST /-/reload is served (Prometheus's --web.enable-lifecycle). By default only
   * when the web config makes clients authenticate; SIGHUP works either way.
   */
  lifecycle?: boolean;
  web?: LoadedWebConfig;
  /** Where log lines go; a plain function gets each message alone (tests silence it so). */
  log?: Logger | ((line: string) => void);
}

export interface RunningExporter {
  server: Server;
  url: string;
  state: ExporterState;
  reload(): Promise<{ ok: boolean; error?: string }>;
  /**
   * Stops accepting connections, lets requests in flight finish for up to graceMs, then cuts
   * what is left. Resolves with how many requests were cut.
   */
  shutdown(graceMs: number): Promise<{ cut: number }>;
  /** shutdown(0): every connection is cut at once. */
  close(): Promise<void>;
}

// Below this size compressing costs more than it saves on a loopback or LAN scrape.
const GZIP_MIN_BYTES = 4096;

export function buildInfo(): MetricFamily {
  return single(
    'vigil_build_info',
    "A metric with a constant '1' value labeled by version and Node.js version from which vigil was built.",
    'gauge',
    1,
    {
      version: VERSION,
      nodejs_version: process.versions.node,
    },
  );
}

interface Context {
  state: ExporterState;
  inflight: InFlightLimit;
  info: MetricFamily;
  writers: WriterPool;
  log: Logger;
}

function tooMany(res: ServerResponse): void {
  res.statusCode = 503;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Retry-After', '1');
  res.end('too many concurrent scrapes\n');
}

export async function serveMetrics(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!ctx.inflight.tryEnter()) return tooMany(res);
  try {
    const gen = ctx.state.current;
    const budget = scrapeBudgetSeconds(
      header(req, 'x-prometheus-scrape-timeout-seconds'),
      gen.config.scrape.default_timeout_seconds,
      gen.config.scrape.timeout_offset_seconds,
    );
    const result = await gen.scraper.scrape(budget);
    const format = negotiate(header(req, 'accept'));
    const rejected = counter('vigil_http_requests_rejected_total', 'Requests answered 503 because of the concurrency limit.', [
      { value: ctx.inflight.rejected },
    ]);
    const writer = ctx.writers.take();
    const body = encodeInto(writer, [...result.families, ...ctx.state.families(), rejected, ctx.info], format);
    res.setHeader('Content-Type', contentType(format));
    if (body.length >= GZIP_MIN_BYTES && acceptsGzip(header(req, 'accept-encoding'))) {
      res.setHeader('Content-Encoding', 'gzip');
      const zipped = gzipSync(body, { level: 1 });
      ctx.writers.give(writer);
      res.end(zipped);
    } else {
      // The writer's buffer goes to the socket as it is, and back to the pool once flushed;
      // a response that is never flushed (the scraper hung up) just leaves it to the GC.
      res.end(body, () => ctx.writers.give(writer));
    }
  } catch (err) {
    ctx.log.error('scrape failed', { err: (err as Error).message });
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`scrape failed: ${(err as Error).message}\n`);
  } finally {
    ctx.inflight.leave();
  }
}

type Route = (req: IncomingMessage, res: ServerResponse) => void;

// Every path but /metrics, routed by hand on Node's own objects. HEAD is GET without the body
// (RFC 9110 §9.3.2): Node drops the body of a HEAD response itself.
function createRoutes(
  ctx: Context,
  reload: () => Promise<{ ok: boolean; error?: string }>,
  lifecycle: boolean,
  scheme: 'http' | 'https',
): Route {
  const text =
    (body: string): Route =>
    (_req, res) =>
      send(res, 200, TEXT, body);
  // /probe counts against max_requests like /metrics: each request holds a connection and
  // waits for a slot of the shared probe pool.
  const probe = probeRoute(() => ctx.state.current.collectors);
  const get: Record<string, Route> = {
    '/-/healthy': text('Healthy\n'),
    '/-/ready': text('Ready\n'),
    '/probe': (req, res) => {
      if (!ctx.inflight.tryEnter()) return tooMany(res);
      void probe(req, res).finally(() => ctx.inflight.leave());
    },
    // Behind the same authentication as every other path (the handler checks it first).
    '/sd/probes': sdRoute(() => ctx.state.current.collectors, scheme),
    '/': (_req, res) => {
      const gen = ctx.state.current;
      const last = gen.scraper.lastResult;
      send(
        res,
        200,
        'text/html; charset=utf-8',
        landingPage({ version: VERSION, collectors: gen.scraper.collectorNames, ...(last ? { last } : {}) }),
      );
    },
  };
  const reloadRoute = async (res: ServerResponse) => {
    if (!lifecycle) {
      send(res, 403, TEXT, 'Lifecycle API is not enabled: start vigil with --web.enable-lifecycle (SIGHUP reloads either way)\n');
      return;
    }
    const r = await reload();
    if (r.ok) send(res, 200, TEXT, 'configuration reloaded\n');
    else send(res, 500, TEXT, `reload failed, still serving the previous configuration:\n${r.error ?? ''}\n`);
  };
  return (req, res) => {
    const path = pathOf(req);
    const route = req.method === 'GET' || req.method === 'HEAD' ? get[path] : undefined;
    if (route) return route(req, res);
    if (req.method === 'POST' && path === '/-/reload') {
      void reloadRoute(res).catch((err: unknown) => {
        ctx.log.error('reload request failed', { err: (err as Error).message });
        if (!res.headersSent) send(res, 500, TEXT, 'reload failed\n');
      });
      return;
    }
    // What Go's http.ServeMux (node_exporter's) answers.
    send(res, 404, TEXT, '404 page not found\n');
  };
}

export function parseListen(listen: string): { host: string; port: number } {
  const parsed = parseListenAddress(listen);
  if (typeof parsed === 'string') throw new ListenError(parsed);
  return parsed;
}

export async function startExporter(opts: ExporterOptions): Promise<RunningExporter> {
  const log = loggerFrom(opts.log);
  const { host, port } = parseListen(opts.config.listen);
  const state = await ExporterState.start(opts.config, log, opts.collectors);
  const ctx: Context = {
    state,
    inflight: new InFlightLimit(opts.config.limits.max_requests),
    info: buildInfo(),
    writers: new WriterPool(),
    log,
  };
  let reloading: Promise<{ ok: boolean; error?: string }> | undefined;
  const reload = () => {
    if (!opts.reloadConfig) return Promise.resolve({ ok: false, error: 'this exporter was started without a config file to reload' });
    // Two reload requests at once run one reload.
    reloading ??= state.reload(opts.reloadConfig).finally(() => {
      reloading = undefined;
    });
    return reloading;
  };
  // TLS and basic auth (bcrypt and its worker thread) are loaded only for a web config that
  // asks for them: most exporters serve plain HTTP on a trusted network.
  const tls = opts.web?.config.tls_server_config ? (await import('../web/tls.js')).tlsSetup(opts.web) : undefined;
  const routes = createRoutes(ctx, reload, opts.lifecycle ?? guardsClients(opts.web), tls ? 'https' : 'http');
  const users = opts.web?.config.basic_auth_users ?? {};
  const auth: BasicAuth | undefined = Object.keys(users).length ? new (await import('../web/auth.js')).BasicAuth(users) : undefined;
  const headers = Object.entries(opts.web?.config.http_server_config?.headers ?? {});

  // Responses not yet finished, so a shutdown can wait for them and no longer.
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // A keep-alive connection becomes idle once its response is out: let it go now.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    if (closing) res.setHeader('Connection', 'close');
    for (const [k, v] of headers) res.setHeader(k, v);
    const route = () => {
      // The scrape path first: it is the one request Prometheus makes every few seconds.
      if ((req.method === 'GET' || req.method === 'HEAD') && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
        void serveMetrics(ctx, req, res);
      } else {
        routes(req, res);
      }
    };
    if (!auth) return route();
    void auth.check(header(req, 'authorization')).then((r) => {
      if (r.ok) return route();
      res.statusCode = r.busy ? 503 : 401;
      if (!r.busy) res.setHeader('WWW-Authenticate', 'Basic realm="vigil"');
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(r.busy ? 'authentication busy, retry\n' : 'Unauthorized\n');
    });
  };

  // Node enforces the header and request timeouts on a sweep, every 30 s unless told; sweep
  // often enough that a slow-loris connection is cut close to its timeout.
  const headerMs = opts.config.limits.header_timeout_seconds * 1000;
  const httpOptions = { connectionsCheckingInterval: Math.max(100, Math.min(1000, headerMs / 2)) };
  // node:https (and Node's TLS layer with it) only for a web config that serves TLS.
  const server: Server = tls
    ? (await import('node:https')).createServer({ ...httpOptions, ...tls.options }, handler)
    : createHttpServer(httpOptions, handler);
  if (tls) server.on('secureConnection', (s: TLSSocket) => tls.onSecureConnection(s));
  server.headersTimeout = opts.config.limits.header_timeout_seconds * 1000;
  server.requestTimeout = opts.config.limits.request_timeout_seconds * 1000;
  const release = async () => {
    await state.close();
    await auth?.close();
    releaseKeptFiles();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => reject(listenFailure(opts.config.listen, err));
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
        resolve();
      });
    });
  } catch (err) {
    await release();
    throw err;
  }
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `${tls ? 'https' : 'http'}://${shownHost}:${addr.port}`,
    state,
    reload,
    shutdown,
    async close() {
      await shutdown(0);
    },
  };

  async function shutdown(graceMs: number): Promise<{ cut: number }> {
    closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Responses still to come close their connection behind them; idle ones go now.
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    server.closeIdleConnections();
    let cut = 0;
    const timer = setTimeout(() => {
      cut = inFlight.size;
      server.closeAllConnections();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    await release();
    return { cut };
  }
}
