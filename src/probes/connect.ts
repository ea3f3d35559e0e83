// What several kinds share: resolving a name with an address-family preference, opening a
// TCP or TLS connection that dies with the probe's signal, and reading a peer's chain.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { leafInfo, verifiedChainExpiry } from './cert-info.js';
import { fail } from './failure.js';
import { ipHash } from './ip-hash.js';
import type { ProbeMetrics } from './metrics.js';
import { probeResolver, type Address } from './resolver.js';
import { secureContextOptions, type IpProtocol, type TlsSettings } from './types.js';

export interface Resolved {
  address: string;
  family: 4 | 6;
}

/**
 * The address to connect to, through the probes' resolver (/etc/hosts, then the nameservers),
 * preferring one family as blackbox_exporter's preferred_ip_protocol does, the other one only
 * with `fallback`.
 */
export async function resolveAddress(host: string, preferred: IpProtocol, fallback: boolean): Promise<Resolved> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const literal = isIP(bare);
  if (literal) return { address: bare, family: literal as 4 | 6 };
  const want = preferred === 'ip6' ? 6 : 4;
  const resolver = probeResolver();
  let hits: Address[] = [];
  let failure: NodeJS.ErrnoException | undefined;
  try {
    hits = await resolver.lookup(bare, want);
  } catch (err) {
    failure = err as NodeJS.ErrnoException;
  }
  if (!hits.length && fallback && (!failure || failure.code === 'ENODATA' || failure.code === 'ENOTFOUND')) {
    try {
      hits = await resolver.lookup(bare, want === 4 ? 6 : 4);
    } catch (err) {
      // The preferred family's answer says more (ENOTFOUND for both reads the same).
      failure ??= err as NodeJS.ErrnoException;
    }
  }
  const hit = hits[0];
  if (hit) return hit;
  if (failure && failure.code !== 'ENODATA') fail('dns', `cannot resolve ${bare}: ${failure.code ?? 'error'}`);
  fail('dns', `${bare} has no IPv${want} address`);
}

/** resolveAddress, recording the lookup time and the family used. */
export async function resolveHost(host: string, preferred: IpProtocol, fallback: boolean, metrics: ProbeMetrics): Promise<Resolved> {
  const started = performance.now();
  const result = await resolveAddress(host, preferred, fallback);
  metrics.add('probe_dns_lookup_time_seconds', (performance.now() - started) / 1000);
  metrics.set('probe_ip_protocol', result.family);
  metrics.set('probe_ip_addr_hash', ipHash(result.address));
  return result;
}

export interface Connected {
  socket: Socket;
  connectMs: number;
  tlsMs: number;
}

/**
 * A TCP (or TLS) connection to an address. The socket is destroyed when the signal fires,
 * whether connecting or connected: a hung target must not keep a file descriptor.
 */
export function openSocket(
  target: Resolved,
  port: number,
  serverName: string,
  tls: TlsSettings | undefined,
  signal: AbortSignal,
): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let connectedAt = 0;
    const socket: Socket = tls
      ? tlsConnect({
          host: target.address,
          port,
          // SNI must be a name, never an IP; certificate checks then use the IP itself.
          servername: tls.serverName ?? (isIP(serverName) ? '' : serverName),
          rejectUnauthorized: tls.verify,
          ...secureContextOptions(tls),
        })
      : netConnect({ host: target.address, port, family: target.family });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason ?? new Error('aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      connectedAt = performance.now();
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      const now = performance.now();
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      resolve({ socket, connectMs: (connectedAt || now) - started, tlsMs: tls ? now - connectedAt : 0 });
    });
    const onError = (err: Error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
  });
}

/** Destroys the socket when the signal fires, for the part of a probe after connecting. */
export function destroyOnAbort(socket: Socket, signal: AbortSignal): () => void {
  const onAbort = () => socket.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** Earliest notAfter of the chain the peer sent, in Unix seconds. */
export function earliestExpiry(socket: TLSSocket): number | undefined {
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  if (!cert || !cert.valid_to) return undefined;
  let earliest = Infinity;
  const seen = new Set<DetailedPeerCertificate>();
  // The chain ends at a self-signed certificate whose issuerCertificate is itself.
  while (cert && cert.valid_to && !seen.has(cert)) {
    seen.add(cert);
    earliest = Math.min(earliest, Date.parse(cert.valid_to) / 1000);
    cert = cert.issuerCertificate;
  }
  return Number.isFinite(earliest) ? earliest : undefined;
}

/** "TLSv1.3" as blackbox_exporter writes it: "TLS 1.3". */
export function tlsVersionLabel(protocol: string | null): string {
  if (!protocol) return 'unknown';
  const m = /^TLSv(\d(?:\.\d)?)$/.exec(protocol);
  return m ? `TLS ${m[1]!.includes('.') ? m[1] : `${m[1]}.0`}` : protocol;
}

/** Records the certificate and version facts of a finished TLS handshake. */
export function recordTls(socket: TLSSocket, metrics: ProbeMetrics): void {
  const expiry = earliestExpiry(socket);
  if (expiry !== undefined) metrics.set('probe_ssl_earliest_cert_expiry', expiry);
  const chainExpiry = verifiedChainExpiry(socket, expiry);
  if (chainExpiry !== undefined) metrics.set('probe_ssl_last_chain_expiry_timestamp_seconds', chainExpiry);
  metrics.set('probe_tls_version_info', 1, { version: tlsVersionLabel(socket.getProtocol()) });
  const leaf = leafInfo(socket.getPeerCertificate(true));
  if (leaf) metrics.set('probe_ssl_last_chain_info', 1, { ...leaf });
}
