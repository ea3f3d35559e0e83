// How probes turn a host name into addresses without getaddrinfo. dns.lookup runs getaddrinfo
// on libuv's four shared threads: a handful of names whose nameserver never answers hold all
// four, and every other lookup of the process (even of `localhost`) waits behind them. This
// resolver reads /etc/hosts itself and asks the nameservers through c-ares, which needs no
// thread, with its own timeouts and a bound on queries in flight.
import { readFileSync, statSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { AsyncLocalStorage } from 'node:async_hooks';
import { candidates, parseHosts, parseResolvConf, type ResolvConf } from './hosts.js';

export interface ResolverOptions {
  /** "ip" or "ip:port" of the nameservers; those of resolv.conf when absent. */
  nameservers?: string[];
  hostsFile?: string;
  resolvConf?: string;
  /** Queries in flight at once; more wait for a free place. */
  maxQueries?: number;
}

export interface Address {
  address: string;
  family: 4 | 6;
}

// The signal of the probe being run, so that every lookup under it is cancelled with it
// whichever prober asked; probers need not pass it down by hand.
export const probeSignal = new AsyncLocalStorage<AbortSignal>();

const LOOPBACK: Record<4 | 6, string> = { 4: '127.0.0.1', 6: '::1' };

function notFound(name: string, code = 'ENOTFOUND'): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code} ${name}`);
  err.code = code;
  return err;
}

/** Reads a small local file again when it changed, looking at most once a second. */
class Watched<T> {
  private value: T | undefined;
  private mtimeMs = -1;
  private checkedAt = 0;

  constructor(
    private readonly file: string,
    private readonly parse: (text: string) => T,
    private readonly missing: T,
  ) {}

  get(): T {
    const now = Date.now();
    if (this.value !== undefined && now - this.checkedAt < 1000) return this.value;
    this.checkedAt = now;
    // Synchronous on purpose: the async fs calls queue on the same four libuv threads this
    // resolver exists to stay away from, and these files are a few hundred local bytes.
    try {
      const { mtimeMs } = statSync(this.file);
      if (this.value === undefined || mtimeMs !== this.mtimeMs) {
        this.value = this.parse(readFileSync(this.file, 'utf8'));
        this.mtimeMs = mtimeMs;
      }
    } catch {
      this.value = this.missing;
      this.mtimeMs = -1;
    }
    return this.value;
  }
}

/** A counting gate: at most `limit` holders; a waiter whose signal fires leaves the line. */
class Gate {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async enter(signal: AbortSignal | undefined): Promise<void> {
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', leave);
        this.held++;
        resolve();
      };
      const leave = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return leave();
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(go);
    });
  }

  leave(): void {
    this.held--;
    this.waiting.shift()?.();
  }
}

export class HostResolver {
  private readonly hosts: Watched<Map<string, string[]>>;
  private readonly conf: Watched<ResolvConf>;
  private readonly gate: Gate;

  constructor(private readonly options: ResolverOptions = {}) {
    this.hosts = new Watched(options.hostsFile ?? '/etc/hosts', parseHosts, new Map());
    this.conf = new Watched(options.resolvConf ?? '/etc/resolv.conf', parseResolvConf, parseResolvConf(''));
    this.gate = new Gate(options.maxQueries ?? 64);
  }

  /** The nameservers queries go to. */
  get nameservers(): string[] {
    return this.options.nameservers ?? this.conf.get().nameservers;
  }

  /** A c-ares resolver on these nameservers, with resolv.conf's timeout and attempts. */
  resolver(timeoutMs?: number): Resolver {
    const conf = this.conf.get();
    const r = new Resolver({
      timeout: Math.max(1, Math.ceil(Math.min(timeoutMs ?? conf.timeoutMs, conf.timeoutMs))),
      tries: conf.attempts,
    });
    r.setServers(this.nameservers);
    return r;
  }

  /**
   * Addresses of one family for `name`: /etc/hosts first, then `localhost` names (RFC 6761),
   * then the nameservers through the search list. Throws ENOTFOUND when no name has any.
   */
  async lookup(name: string, family: 4 | 6, signal: AbortSignal | undefined = probeSignal.getStore()): Promise<Address[]> {
    const key = name.toLowerCase().replace(/\.$/, '');
    const listed = this.hosts.get().get(key);
    if (listed) {
      const hits = listed.filter((a) => (family === 6 ? a.includes(':') : !a.includes(':')));
      // A name in /etc/hosts is answered from there alone, as glibc's `files` source does.
      if (hits.length) return hits.map((address) => ({ address, family }));
      throw notFound(name, 'ENODATA');
    }
    if (key === 'localhost' || key.endsWith('.localhost')) return [{ address: LOOPBACK[family], family }];
    // ENODATA when some candidate exists without an address of this family, else ENOTFOUND.
    let named = false;
    for (const candidate of candidates(name, this.conf.get())) {
      try {
        const addresses = await this.query(candidate, family, signal);
        if (addresses.length) return addresses.map((address) => ({ address, family }));
        named = true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Only "no such name" moves on to the next candidate; a dead nameserver does not get
        // asked once more per search domain.
        if (code !== 'ENOTFOUND' && code !== 'ENODATA') throw err;
        if (code === 'ENODATA') named = true;
      }
    }
    throw notFound(name, named ? 'ENODATA' : 'ENOTFOUND');
  }

  private async query(name: string, family: 4 | 6, signal: AbortSignal | undefined): Promise<string[]> {
    await this.gate.enter(signal);
    const resolver = this.resolver();
    const cancel = () => resolver.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      return family === 6 ? await resolver.resolve6(name) : await resolver.resolve4(name);
    } finally {
      signal?.removeEventListener('abort', cancel);
      this.gate.leave();
    }
  }
}

let active = new HostResolver();

/** The resolver probes use. */
export function probeResolver(): HostResolver {
  return active;
}

/** Replaces the resolver probes use (tests point it at their own nameserver); returns the old one. */
export function useProbeResolver(next: HostResolver): HostResolver {
  const old = active;
  active = next;
  return old;
}
