import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response } from 'express';
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import { single, type MetricFamily } from '../metrics/model.js';
import { contentType, negotiate, render } from '../metrics/exposition.js';
import { VERSION } from '../version.js';
import { buildCollectors } from './build.js';
import { scrapeBudgetSeconds } from './deadline.js';
import { landingPage } from './landing.js';
import { Scraper } from './scrape.js';

export interface ExporterOptions {
  config: VigilConfig;
  /** Replaces the collectors built from the config (tests inject failing or slow ones). */
  collectors?: Collector[];
  log?: (line: string) => void;
}

export interface RunningExporter {
  server: Server;
  url: string;
  scraper: Scraper;
  close(): Promise<void>;
}

// Below this size compressing costs more than it saves on a loopback or LAN scrape.
const GZIP_MIN_BYTES = 4096;

export function buildInfo(): MetricFamily {
  return single('vigil_build_info', 'A metric with a constant \'1\' value labeled by version and Node.js version from which vigil was built.', 'gauge', 1, {
    version: VERSION, nodejs_version: process.versions.node,
  });
}

export function createApp(config: VigilConfig, scraper: Scraper, log: (line: string) => void) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const info = buildInfo();

  app.get('/metrics', (req: Request, res: Response) => serveMetrics(config, scraper, info, log, req, res));
  app.get('/-/healthy', (_req, res) => { res.type('text/plain').send('Healthy\n'); });
  app.get('/-/ready', (_req, res) => { res.type('text/plain').send('Ready\n'); });
  app.get('/', (_req, res) => {
    const last = scraper.lastResult;
    res.type('text/html').send(landingPage({
      version: VERSION,
      collectors: scraper.collectorNames,
      ...(last ? { last } : {}),
    }));
  });
  return app;
}

export async function serveMetrics(config: VigilConfig, scraper: Scraper, info: MetricFamily, log: (line: string) => void,
  req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const budget = scrapeBudgetSeconds(header('x-prometheus-scrape-timeout-seconds'), config.scrape.default_timeout_seconds,
    config.scrape.timeout_offset_seconds);
  try {
    const result = await scraper.scrape(budget);
    const format = negotiate(header('accept'));
    const body = render([...result.families, info], format);
    res.setHeader('Content-Type', contentType(format));
    if (body.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(header('accept-encoding') ?? '')) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzipSync(body, { level: 1 }));
    } else {
      res.end(body);
    }
  } catch (err) {
    log(`scrape failed: ${(err as Error).message}`);
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`scrape failed: ${(err as Error).message}\n`);
  }
}

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!m) throw new Error(`listen address "${listen}" is not HOST:PORT`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`listen port ${port} is out of range`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

export async function startExporter(opts: ExporterOptions): Promise<RunningExporter> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const collectors = opts.collectors ?? buildCollectors(opts.config);
  const scraper = new Scraper(collectors, {
    paths: opts.config.paths,
    onError: (c, e) => log(`collector ${c} failed: ${e}`),
  });
  const app = createApp(opts.config, scraper, log);
  const info = buildInfo();
  // The scrape path skips express's router: it is the one request Prometheus makes every
  // few seconds, and the router's per-request work is a measurable share of its latency.
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) {
      void serveMetrics(opts.config, scraper, info, log, req, res);
      return;
    }
    app(req, res);
  });
  const { host, port } = parseListen(opts.config.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${shownHost}:${addr.port}`,
    scraper,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all(collectors.map(async (c) => c.close?.()));
    },
  };
}
