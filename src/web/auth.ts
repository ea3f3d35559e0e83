// HTTP basic auth against bcrypt hashes, as exporter-toolkit does it, with three guards:
// - results are cached on (user, hash, password), so a correct login costs one bcrypt and
//   the hash string itself is never mistaken for a password;
// - an unknown user costs the same bcrypt as a known one, so timing does not reveal names;
// - bcrypt runs one at a time, in a worker thread, with a bounded queue, so a flood of
//   logins occupies at most one core, never the event loop a cached scraper is served on,
//   and is refused (503) rather than queued without end.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { BcryptWorker } from './bcrypt-worker.js';

export interface AuthResult {
  ok: boolean;
  /** The queue was full: the caller should answer 503, not 401. */
  busy?: boolean;
  user?: string;
}

export class BasicAuth {
  private readonly cache = new Map<string, boolean>();
  private readonly dummyHash: string;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private readonly worker = new BcryptWorker();
  private readonly verify: (password: string, hash: string) => Promise<boolean>;

  constructor(
    private readonly users: Record<string, string>,
    private readonly maxPending = 64,
    private readonly cacheSize = 1024,
    // Injectable so tests can see which hash each attempt is verified against.
    verify?: (password: string, hash: string) => Promise<boolean>,
  ) {
    this.verify = verify ?? ((p, h) => this.worker.verify(p, h));
    // Same cost as the costliest configured hash, so the unknown-user path takes as long.
    const costs = Object.values(users).map((h) => Number(/^\$2[aby]\$(\d\d)\$/.exec(h)?.[1] ?? 10));
    this.dummyHash = bcrypt.hashSync('vigil-dummy-password', Math.max(4, ...costs));
  }

  async check(authorization: string | undefined): Promise<AuthResult> {
    const creds = parseBasic(authorization);
    if (!creds) return { ok: false };
    const known = Object.prototype.hasOwnProperty.call(this.users, creds.user);
    const hash = known ? this.users[creds.user]! : this.dummyHash;
    const key = createHash('sha256').update(creds.user).update('\0').update(hash).update('\0').update(creds.password).digest('hex');
    const cached = this.cache.get(key);
    if (cached !== undefined) return { ok: cached && known, user: creds.user };
    if (this.pending >= this.maxPending) return { ok: false, busy: true };
    this.pending++;
    const result = this.queue
      .then(() => this.verify(creds.password, hash))
      .finally(() => {
        this.pending--;
      });
    this.queue = result.catch(() => false);
    const match = await result.catch(() => false);
    const ok = match && known;
    this.remember(key, ok);
    return { ok, user: creds.user };
  }

  /** Stops the verification thread; a later check starts a new one. */
  close(): Promise<void> {
    return this.worker.close();
  }

  private remember(key: string, ok: boolean): void {
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, ok);
  }
}

export function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
