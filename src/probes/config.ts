// From the `probes` list as written (already shape-checked by the schema) to typed probes:
// durations parsed, regexes compiled, secrets and PEM files read. Every problem the schema
// cannot see is returned with the path of the field at fault, so the config loader can
// point at the line, and the collector can refuse to start on the same rules.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { compileRe2, type Pattern } from '../regex/re2.js';
import { parseGoDurationMs } from './go-duration.js';
import { isCredentialName, looksLikeEnvName } from '../yaml/credentials.js';
import { parseExec } from './exec-config.js';
import { readSecret, secretSource, type SecretError } from './secrets.js';
import type { DnsRecordType, IpProtocol, Probe, QueryStep, TlsSettings } from './types.js';
import { urlLabel } from './url-label.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_SIZE_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 10;

export interface Problem {
  /** Index of the probe in the list. */
  index: number;
  /** Path inside that probe's entry. */
  path: (string | number)[];
  code: string;
  message: string;
  hint?: string;
  /** For a bad regex: the pattern and the index of the fault in it, to point at the column. */
  pattern?: { source: string; offset: number };
}

// Stands in for a regex that did not compile; such a config never starts.
const NEVER: Pattern = { source: '', test: () => false };

export type Raw = Record<string, unknown>;

export class Reader {
  readonly problems: Problem[] = [];
  constructor(
    readonly index: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  problem(path: (string | number)[], code: string, message: string, hint?: string): void {
    const p: Problem = { index: this.index, path, code, message };
    if (hint) p.hint = hint;
    this.problems.push(p);
  }

  regex(path: (string | number)[], source: string): Pattern {
    const c = compileRe2(source);
    if (c.ok) return c.pattern;
    this.problems.push({
      index: this.index,
      path,
      code: 'probe-bad-regex',
      message: c.problem.message,
      hint: c.problem.hint,
      pattern: { source, offset: c.problem.offset },
    });
    return NEVER;
  }

  pem(path: (string | number)[], file: string): string | undefined {
    try {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('-----BEGIN ')) {
        this.problem(path, 'probe-bad-pem', `${file} holds no PEM block`, 'give a PEM file (-----BEGIN ...)');
        return undefined;
      }
      return text;
    } catch (err) {
      this.problem(path, 'probe-unreadable-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      return undefined;
    }
  }

  /** `<field>_env` / `<field>_file` on `obj`, read now; undefined when neither is given. */
  secret(obj: Raw, path: (string | number)[], field: string): string | undefined {
    if (typeof obj[`${field}_env`] === 'string' && typeof obj[`${field}_file`] === 'string') {
      this.problem([...path, `${field}_file`], 'probe-secret-conflict', `both ${field}_env and ${field}_file are set`, 'keep one of them');
      return undefined;
    }
    const source = secretSource(obj, field);
    if (!source) return undefined;
    try {
      return readSecret(source, this.env);
    } catch (err) {
      const key = 'env' in source ? `${field}_env` : `${field}_file`;
      this.problem(
        [...path, key],
        'env' in source ? 'probe-secret-env-unset' : 'probe-secret-unreadable',
        (err as SecretError).message,
        !('env' in source)
          ? 'check the path and that vigil may read it'
          : looksLikeEnvName(source.env)
            ? `export ${source.env} in the environment vigil starts in`
            : 'give the name of the variable that holds the secret (e.g. API_PASSWORD), and export it',
      );
      return undefined;
    }
  }

  duration(raw: Raw): number {
    if (typeof raw['timeout'] !== 'string') return DEFAULT_TIMEOUT_MS;
    const ms = parseGoDurationMs(raw['timeout']);
    if (ms === undefined || ms <= 0) {
      this.problem(
        ['timeout'],
        'probe-bad-duration',
        `timeout ${JSON.stringify(raw['timeout'])} is not a positive duration`,
        'e.g. "500ms", "5s", "1m"',
      );
      return DEFAULT_TIMEOUT_MS;
    }
    return ms;
  }

  tls(raw: unknown, path: (string | number)[]): TlsSettings {
    const t = (raw && typeof raw === 'object' ? raw : {}) as Raw;
    const out: TlsSettings = { verify: t['insecure_skip_verify'] !== true };
    if (typeof t['server_name'] === 'string') out.serverName = t['server_name'];
    for (const [field, key] of [
      ['ca_file', 'ca'],
      ['cert_file', 'cert'],
      ['key_file', 'key'],
    ] as const) {
      const file = t[field];
      if (typeof file !== 'string') continue;
      const pem = this.pem([...path, field], file);
      if (pem !== undefined) out[key] = pem;
    }
    if ((t['cert_file'] === undefined) !== (t['key_file'] === undefined)) {
      this.problem(
        [...path, t['cert_file'] === undefined ? 'key_file' : 'cert_file'],
        'probe-tls-pair',
        'cert_file and key_file go together',
        'give both, or neither',
      );
    }
    return out;
  }

  optionalTls(raw: unknown, path: (string | number)[]): TlsSettings | undefined {
    if (raw === undefined || raw === false) return undefined;
    return this.tls(raw === true ? {} : raw, path);
  }
}

function ipPreference(raw: Raw): { ipProtocol: IpProtocol; ipFallback: boolean } {
  return { ipProtocol: raw['preferred_ip_protocol'] === 'ip6' ? 'ip6' : 'ip4', ipFallback: raw['ip_protocol_fallback'] !== false };
}

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function parseOne(raw: Raw, r: Reader): Probe | undefined {
  const name = String(raw['name']);
  const timeoutMs = r.duration(raw);
  switch (raw['kind']) {
    case 'http': {
      const text = String(raw['url']);
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        r.problem(['url'], 'probe-bad-url', 'url is not a valid URL', 'e.g. "https://api.example.com/healthz"');
        return undefined;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        r.problem(['url'], 'probe-bad-url', `url scheme ${url.protocol} is not http: or https:`);
      }
      if (url.username || url.password) {
        r.problem(['url'], 'probe-inline-secret', 'url carries a user or password', 'use basic_auth with password_env or password_file');
      }
      for (const param of new Set(url.searchParams.keys())) {
        if (isCredentialName(param)) {
          r.problem(
            ['url'],
            'probe-inline-secret',
            `url query parameter ${param} looks like a credential and is written inline`,
            'send it in a header from {value_env: VAR} or {value_file: /path} if the service accepts one',
          );
        }
      }
      const headers: Record<string, string> = {};
      // Lower-case names of the headers that carry a secret: sent to the configured origin only.
      const secretHeaders = new Set<string>();
      const rawHeaders = (raw['headers'] ?? {}) as Raw;
      for (const [h, v] of Object.entries(rawHeaders)) {
        if (isCredentialName(h)) secretHeaders.add(h.toLowerCase());
        if (typeof v === 'string') {
          if (isCredentialName(h)) {
            r.problem(
              ['headers', h],
              'probe-inline-secret',
              `header ${h} looks like a credential and is written inline`,
              'use {value_env: VAR} or {value_file: /path}',
            );
          }
          headers[h] = v;
        } else {
          secretHeaders.add(h.toLowerCase());
          const value = r.secret(v as Raw, ['headers', h], 'value');
          if (value !== undefined) headers[h] = value;
        }
      }
      const basic = raw['basic_auth'] as Raw | undefined;
      if (basic) {
        const password = r.secret(basic, ['basic_auth'], 'password') ?? '';
        headers['Authorization'] = `Basic ${Buffer.from(`${String(basic['username'])}:${password}`).toString('base64')}`;
        secretHeaders.add('authorization');
      }
      const bearer = r.secret(raw, [], 'bearer_token');
      if (bearer !== undefined) {
        if (basic) r.problem(['bearer_token_env'], 'probe-auth-conflict', 'basic_auth and a bearer token are both set', 'keep one of them');
        headers['Authorization'] = `Bearer ${bearer}`;
        secretHeaders.add('authorization');
      }
      const codes = raw['valid_status_codes'] as number[] | undefined;
      const regexes = (key: string) => ((raw[key] ?? []) as string[]).map((s, i) => r.regex([key, i], s));
      const probe: Probe = {
        kind: 'http',
        name,
        timeoutMs,
        target: urlLabel(url),
        url,
        method: typeof raw['method'] === 'string' ? raw['method'] : 'GET',
        headers,
        secretHeaders: [...secretHeaders],
        validStatusCodes: codes && codes.length ? (c) => codes.includes(c) : (c) => c >= 200 && c < 300,
        failIfBodyMatches: regexes('fail_if_body_matches'),
        failIfBodyNotMatches: regexes('fail_if_body_not_matches'),
        followRedirects: raw['follow_redirects'] !== false,
        followCrossOrigin: raw['follow_cross_origin_redirects'] === true,
        maxRedirects: typeof raw['max_redirects'] === 'number' ? raw['max_redirects'] : DEFAULT_MAX_REDIRECTS,
        failIfNotSsl: raw['fail_if_not_ssl'] === true,
        bodySizeLimit: typeof raw['body_size_limit'] === 'number' ? raw['body_size_limit'] : DEFAULT_BODY_SIZE_LIMIT,
        tls: r.tls(raw['tls'], ['tls']),
        ...ipPreference(raw),
      };
      if (typeof raw['body'] === 'string') probe.body = raw['body'];
      return probe;
    }
    case 'tcp': {
      const host = String(raw['host']);
      const port = Number(raw['port']);
      const steps: QueryStep[] = ((raw['query_response'] ?? []) as Raw[]).map((s, i) =>
        typeof s['send'] === 'string' ? { send: s['send'] } : { expect: r.regex(['query_response', i, 'expect'], String(s['expect'])) },
      );
      const probe: Probe = { kind: 'tcp', name, timeoutMs, target: hostPort(host, port), host, port, steps, ...ipPreference(raw) };
      const tls = r.optionalTls(raw['tls'], ['tls']);
      if (tls) probe.tls = tls;
      return probe;
    }
    case 'tls': {
      const host = String(raw['host']);
      const port = Number(raw['port']);
      return {
        kind: 'tls',
        name,
        timeoutMs,
        target: hostPort(host, port),
        host,
        port,
        tls: r.tls(raw['tls'], ['tls']),
        ...ipPreference(raw),
      };
    }
    case 'dns': {
      const query = String(raw['query_name']);
      const probe: Probe = {
        kind: 'dns',
        name,
        timeoutMs,
        target: query,
        query,
        type: (raw['query_type'] ?? 'A') as DnsRecordType,
        expect: (raw['expect'] ?? []) as string[],
        failIfNoAnswer: raw['fail_if_no_answer'] !== false,
      };
      if (typeof raw['server'] === 'string') {
        probe.server = raw['server'];
        probe.target = `${query}@${raw['server']}`;
      }
      return probe;
    }
    case 'redis': {
      const host = String(raw['host']);
      const port = Number(raw['port']);
      const probe: Probe = { kind: 'redis', name, timeoutMs, target: hostPort(host, port), host, port };
      if (typeof raw['username'] === 'string') probe.username = raw['username'];
      const password = r.secret(raw, [], 'password');
      if (password !== undefined) probe.password = password;
      if (probe.username && probe.password === undefined) {
        r.problem(['username'], 'probe-missing-secret', 'username is set without password_env or password_file');
      }
      const tls = r.optionalTls(raw['tls'], ['tls']);
      if (tls) probe.tls = tls;
      return probe;
    }
    case 'postgres': {
      const host = String(raw['host']);
      const port = typeof raw['port'] === 'number' ? raw['port'] : 5432;
      const user = String(raw['user']);
      const database = typeof raw['database'] === 'string' ? raw['database'] : user;
      const probe: Probe = {
        kind: 'postgres',
        name,
        timeoutMs,
        target: `${host.startsWith('/') ? `unix:${host}` : hostPort(host, port)}/${database}`,
        host,
        port,
        user,
        database,
        query: typeof raw['query'] === 'string' ? raw['query'] : 'SELECT 1',
      };
      const password = r.secret(raw, [], 'password');
      if (password !== undefined) probe.password = password;
      const tls = r.optionalTls(raw['tls'], ['tls']);
      if (tls) probe.tls = tls;
      return probe;
    }
    case 'exec':
      return parseExec(raw, r, name, timeoutMs);
    default:
      r.problem(['kind'], 'probe-bad-kind', `unknown probe kind ${JSON.stringify(raw['kind'])}`);
      return undefined;
  }
}

/** Typed probes and every problem found; a config with problems must not start. */
export function parseProbes(list: readonly unknown[], env: NodeJS.ProcessEnv = process.env): { probes: Probe[]; problems: Problem[] } {
  const probes: Probe[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const raw = (entry ?? {}) as Raw;
    const r = new Reader(index, env);
    const name = String(raw['name']);
    const first = seen.get(name);
    if (first !== undefined) {
      r.problem(
        ['name'],
        'probe-duplicate-name',
        `probe name "${name}" is already used by probes[${first}]`,
        'names select probes in /probe?name= and must be unique',
      );
    } else {
      seen.set(name, index);
    }
    const probe = parseOne(raw, r);
    problems.push(...r.problems);
    if (probe) probes.push(probe);
  });
  return { probes, problems };
}
