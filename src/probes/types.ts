// The shapes every probe kind shares: the parsed config of each kind, the context a prober
// runs in, and the one prober signature (as blackbox_exporter's prober.ProbeFn).
import type { SecureContextOptions } from 'node:tls';
import type { Pattern } from '../regex/re2.js';
import type { ProbeMetrics } from './metrics.js';

export type ProbeKind = 'http' | 'tcp' | 'tls' | 'dns' | 'redis' | 'postgres' | 'exec';

export type IpProtocol = 'ip4' | 'ip6';

/** Client-side TLS settings shared by every kind that can speak TLS, files already read. */
export interface TlsSettings {
  /** Verify the peer's chain and name (default true). */
  verify: boolean;
  serverName?: string;
  /** PEM contents, not paths: files are read once when the config is loaded. */
  ca?: string;
  cert?: string;
  key?: string;
}

interface Common {
  name: string;
  /** Upper bound of one run; the runner lowers it to what is left of the scrape. */
  timeoutMs: number;
  /** What the `target` label of vigil_probe_info shows: never userinfo, query or secrets. */
  target: string;
}

export interface HttpProbe extends Common {
  kind: 'http';
  url: URL;
  method: string;
  /** Header values with secrets already resolved. */
  headers: Record<string, string>;
  /** Lower-case names of the headers that came from a secret or are named as credentials. */
  secretHeaders: string[];
  body?: string;
  validStatusCodes: (code: number) => boolean;
  failIfBodyMatches: Pattern[];
  failIfBodyNotMatches: Pattern[];
  followRedirects: boolean;
  /** Follow a redirect to another scheme, host or port (default false: fail instead). */
  followCrossOrigin: boolean;
  maxRedirects: number;
  failIfNotSsl: boolean;
  bodySizeLimit: number;
  tls: TlsSettings;
  ipProtocol: IpProtocol;
  ipFallback: boolean;
}

export interface QueryStep {
  send?: string;
  expect?: Pattern;
}

export interface TcpProbe extends Common {
  kind: 'tcp';
  host: string;
  port: number;
  steps: QueryStep[];
  tls?: TlsSettings;
  ipProtocol: IpProtocol;
  ipFallback: boolean;
}

export interface TlsProbe extends Common {
  kind: 'tls';
  host: string;
  port: number;
  tls: TlsSettings;
  ipProtocol: IpProtocol;
  ipFallback: boolean;
}

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'NS' | 'SRV' | 'PTR' | 'CAA';

export interface DnsProbe extends Common {
  kind: 'dns';
  query: string;
  type: DnsRecordType;
  /** "host:port" or "host" of the resolver; the system resolver when absent. */
  server?: string;
  /** Every listed value must be among the answers. */
  expect: string[];
  failIfNoAnswer: boolean;
}

export interface RedisProbe extends Common {
  kind: 'redis';
  host: string;
  port: number;
  username?: string;
  password?: string;
  tls?: TlsSettings;
}

export interface PostgresProbe extends Common {
  kind: 'postgres';
  /** A host name, an IP, or a directory holding the server's unix socket. */
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
  query: string;
  tls?: TlsSettings;
}

/** A configured command run without a shell: its exit status is the verdict. */
export interface ExecProbe extends Common {
  kind: 'exec';
  /** argv: the program (a path, or a name looked up in PATH) and its arguments, as written. */
  command: string[];
  /** Working directory; vigil's own when absent. */
  cwd?: string;
  /** The whole environment of the command: PATH from vigil's, then `env` from the config. */
  env: Record<string, string>;
  /** Parse stdout as exposition text and serve its series under the probe's labels. */
  metrics: boolean;
  /** Put in front of `command` to start it without vigil's ambient capabilities (setpriv ...). */
  launcher?: string[];
}

export type Probe = HttpProbe | TcpProbe | TlsProbe | DnsProbe | RedisProbe | PostgresProbe | ExecProbe;

export interface ProbeContext {
  /** Fired when the probe's time is up; a prober must then release every socket it holds. */
  signal: AbortSignal;
  /** Epoch ms by which the probe must have finished. */
  deadline: number;
  metrics: ProbeMetrics;
}

/**
 * Every prober has this signature. It resolves when the target is healthy and throws a
 * ProbeError (or any error, classified by the runner) when not. The runner, not the prober,
 * owns the timeout, probe_success and probe_duration_seconds.
 */
export type Prober<P extends Probe = Probe> = (probe: P, ctx: ProbeContext) => Promise<void>;

export function secureContextOptions(t: TlsSettings): SecureContextOptions {
  const o: SecureContextOptions = {};
  if (t.ca) o.ca = t.ca;
  if (t.cert) o.cert = t.cert;
  if (t.key) o.key = t.key;
  return o;
}
