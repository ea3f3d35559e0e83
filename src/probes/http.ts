// HTTP(S) probe. Built on node:http over sockets it opens itself (node:net/tls) rather than
// fetch, so each phase can be timed and the socket destroyed the moment the probe's time is up.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { BodyText } from './body.js';
import { resolveHost, recordTls } from './connect.js';
import { fail, ProbeError } from './failure.js';
import { secureContextOptions, type HttpProbe, type Prober, type ProbeContext } from './types.js';

interface Hop {
  status: number;
  location: string | undefined;
  httpVersion: string;
  contentLength: number;
  bodyBytes: number;
  body: string;
  ssl: boolean;
}

export const probeHttp: Prober<HttpProbe> = async (probe, ctx) => {
  let url = probe.url;
  let method = probe.method;
  let body = probe.body;
  let headers = { ...probe.headers };
  let redirects = 0;
  // Scheme, host and port, as the configured URL gives them: what "the same origin" means.
  const origin = probe.url.origin;
  const { metrics } = ctx;
  const report = (hop: Hop, followed: number) => {
    metrics.set('probe_http_redirects', followed);
    metrics.set('probe_http_status_code', hop.status);
    metrics.set('probe_http_version', Number(hop.httpVersion) || 0);
    metrics.set('probe_http_content_length', hop.contentLength);
    metrics.set('probe_http_uncompressed_body_length', hop.bodyBytes);
    metrics.set('probe_http_ssl', hop.ssl ? 1 : 0);
  };
  // Present from the start, as blackbox_exporter does, so a refused or timed-out target still
  // shows status 0 rather than no series at all.
  for (const phase of ['resolve', 'connect', 'tls', 'processing', 'transfer']) metrics.set('probe_http_duration_seconds', 0, { phase });
  for (const name of [
    'probe_http_status_code',
    'probe_http_content_length',
    'probe_http_uncompressed_body_length',
    'probe_http_redirects',
    'probe_http_ssl',
    'probe_http_version',
    'probe_failed_due_to_regex',
  ] as const)
    metrics.set(name, 0);
  for (;;) {
    const wantsBody = probe.failIfBodyMatches.length > 0 || probe.failIfBodyNotMatches.length > 0;
    const hop = await requestOnce(probe, url, method, headers, body, ctx, wantsBody);
    const location = hop.location;
    if (probe.followRedirects && location !== undefined && isRedirect(hop.status)) {
      if (redirects >= probe.maxRedirects) fail('protocol', `stopped after ${probe.maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        fail('protocol', 'redirect to an invalid URL');
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') fail('protocol', `redirect to a ${next.protocol} URL`);
      if (next.origin !== origin) {
        // A target, or an open redirect behind it, must not steer the probe to other services
        // (whose answers /probe would show) unless the probe says so.
        if (!probe.followCrossOrigin) {
          report(hop, redirects);
          fail('protocol', `redirect to another origin (${next.origin}) is not followed; set follow_cross_origin_redirects to allow it`);
        }
        // What came from a secret stays with the configured origin; so does the body, which
        // a 307 or 308 would otherwise send on.
        headers = withoutSecrets(headers, probe.secretHeaders);
        if (body !== undefined) body = '';
      }
      // 303, and 301/302 after a POST, turn into a GET without a body, as clients do.
      if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      redirects++;
      url = next;
      continue;
    }
    report(hop, redirects);
    if (!probe.validStatusCodes(hop.status)) fail('status', `status ${hop.status} is not accepted`);
    if (probe.failIfNotSsl && !hop.ssl) fail('tls', 'final response did not come over TLS');
    const regexFailed = (message: string): never => {
      metrics.set('probe_failed_due_to_regex', 1);
      fail('body', message);
    };
    for (const re of probe.failIfBodyMatches) if (re.test(hop.body)) regexFailed(`body matches ${re.source}`);
    for (const re of probe.failIfBodyNotMatches) if (!re.test(hop.body)) regexFailed(`body does not match ${re.source}`);
    return;
  }
};

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function withoutSecrets(headers: Record<string, string>, secret: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!secret.includes(k.toLowerCase())) out[k] = v;
  return out;
}

async function requestOnce(
  probe: HttpProbe,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  ctx: ProbeContext,
  wantsBody: boolean,
): Promise<Hop> {
  const { metrics, signal } = ctx;
  const phase = (name: string, ms: number) => metrics.add('probe_http_duration_seconds', ms / 1000, { phase: name });
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const t0 = performance.now();
  const target = await resolveHost(hostname, probe.ipProtocol, probe.ipFallback, metrics);
  phase('resolve', performance.now() - t0);
  const https = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : https ? 443 : 80;

  return new Promise<Hop>((resolve, reject) => {
    const started = performance.now();
    let connected = started;
    let ready = started;
    let firstByte = 0;
    let tlsSocket: TLSSocket | undefined;
    const tlsOptions = https
      ? {
          // SNI must be a name, never an IP; certificate checks then use the IP itself.
          servername: probe.tls.serverName ?? (isIP(hostname) ? '' : hostname),
          rejectUnauthorized: probe.tls.verify,
          ...secureContextOptions(probe.tls),
        }
      : undefined;
    const req = httpRequest({
      port,
      method,
      path: `${url.pathname}${url.search}`,
      headers: {
        Host: url.host,
        'User-Agent': 'vigil-probe',
        ...headers,
        ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
      },
      // A fresh connection per probe, as blackbox_exporter makes (a pooled one would hide
      // connect and TLS problems), opened here without an Agent: to the address resolved
      // above, while Host and SNI keep the name from the URL.
      createConnection: () =>
        tlsOptions
          ? tlsConnect({ host: target.address, port, ...tlsOptions })
          : netConnect({ host: target.address, port, family: target.family }),
    });
    // Our own listener rather than request's `signal` option: same effect, without an
    // AbortError and a stream watcher per request.
    const onAbort = () => {
      req.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
    req.once('socket', (socket) => {
      socket.once('connect', () => {
        connected = ready = performance.now();
        phase('connect', connected - started);
      });
      if (https) {
        socket.once('secureConnect', () => {
          ready = performance.now();
          phase('tls', ready - connected);
          tlsSocket = socket as TLSSocket;
          recordTls(tlsSocket, metrics);
        });
      }
    });
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      firstByte = performance.now();
      phase('processing', firstByte - ready);
      const redirecting = probe.followRedirects && isRedirect(res.statusCode ?? 0) && res.headers.location !== undefined;
      const header = res.headers['content-length'];
      const hop: Hop = {
        status: res.statusCode ?? 0,
        location: res.headers.location,
        httpVersion: res.httpVersion,
        contentLength: header !== undefined && /^\d+$/.test(header) ? Number(header) : -1,
        bodyBytes: 0,
        body: '',
        ssl: tlsSocket !== undefined,
      };
      if (redirecting) {
        // The body of a redirect is never looked at; drop the connection instead of reading it.
        phase('transfer', 0);
        res.destroy();
        req.destroy();
        resolve(hop);
        return;
      }
      const text = wantsBody ? new BodyText() : undefined;
      // A throw inside these listeners would be uncaught and end the process; every failure
      // ends this probe instead.
      const failBody = (err: unknown) => {
        req.destroy();
        reject(err instanceof ProbeError ? err : new ProbeError('body', `body cannot be read as text: ${(err as Error).message}`));
      };
      res.on('data', (chunk: Buffer) => {
        hop.bodyBytes += chunk.length;
        if (hop.bodyBytes > probe.bodySizeLimit) {
          failBody(new ProbeError('body', `body is longer than ${probe.bodySizeLimit} bytes`));
          return;
        }
        try {
          text?.push(chunk);
        } catch (err) {
          failBody(err);
        }
      });
      res.once('error', reject);
      res.once('end', () => {
        phase('transfer', performance.now() - firstByte);
        try {
          if (text) hop.body = text.finish();
        } catch (err) {
          failBody(err);
          return;
        }
        resolve(hop);
      });
    });
    req.end(body);
  });
}
