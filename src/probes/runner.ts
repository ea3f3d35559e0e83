// Runs probes: the one place that owns each probe's timeout, probe_success,
// probe_duration_seconds and the failure reason, as blackbox_exporter's handler does.
// A new kind is a prober file beside this one and its entry in PROBERS, with its config type
// in types.ts, its schema in schema.ts and its parsing in config.ts.
import { setMaxListeners } from 'node:events';
import type { Collector, CollectContext } from '../collectors/types.js';
import type { MetricFamily } from '../metrics/model.js';
import { scrapeBudgetSeconds } from '../metrics/deadline.js';
import { probeDns } from './dns.js';
import { probeExec } from './exec.js';
import { classify, ProbeError } from './failure.js';
import { probeHttp } from './http.js';
import { ProbeMetrics, toFamilies } from './metrics.js';
import { endpointOf, SLOW_GROUP } from './group.js';
import { probeSignal } from './resolver.js';
import { ProbePool } from './scheduler.js';
import { probePostgres } from './postgres.js';
import { probeRedis } from './redis.js';
import { probeTcp } from './tcp.js';
import { probeTls } from './tls.js';
import type { Probe, ProbeKind, Prober } from './types.js';

const PROBERS: { [K in ProbeKind]: Prober<Extract<Probe, { kind: K }>> } = {
  http: probeHttp,
  tcp: probeTcp,
  tls: probeTls,
  dns: probeDns,
  redis: probeRedis,
  postgres: probePostgres,
  exec: probeExec,
};

/** Probes in flight at once in the whole process, scrapes and /probe requests together. */
export const MAX_CONCURRENT_PROBES = 64;

/** The pool every probe collector uses unless given its own (tests). */
export const SHARED_POOL = new ProbePool(MAX_CONCURRENT_PROBES);

/** Kept back from the scrape deadline so the collector answers before the scraper gives up. */
export function finishMargin(deadline: number): number {
  return Math.min(50, Math.max(0, (deadline - Date.now()) * 0.1));
}

class Timeout extends Error {
  constructor() {
    super('probe timed out');
    this.name = 'TimeoutError';
  }
}

// One shared reason: building an Error (and its stack) per probe is a visible share of the
// CPU a probe costs.
const TIMED_OUT = new Timeout();

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ProbeRun {
  metrics: ProbeMetrics;
  /** Why it failed, for people; never shown in labels. */
  error?: string;
  /** The reason label, when it failed or did not run. */
  reason?: string;
}

/**
 * A probe whose time was up before it got to start. It says nothing about the target, so it
 * carries no probe_success (an alert on `probe_success == 0` must not fire on it) and no
 * duration, only the reason `not_run`.
 */
export function notRun(probe: Probe): ProbeRun {
  const metrics = new ProbeMetrics(probe.name, probe.kind);
  metrics.set('vigil_probe_info', 1, { target: probe.target });
  metrics.set('vigil_probe_failure_info', 1, { reason: 'not_run' });
  return { metrics, reason: 'not_run', error: 'not run: no probe slot came free before the scrape deadline' };
}

/**
 * Runs one probe with timeout = min(its own timeout, time left to `deadline`). The prober is
 * raced against that timeout, so even a prober that ignores its signal cannot hold the run.
 */
export async function runProbe(probe: Probe, deadline: number, parent?: AbortSignal): Promise<ProbeRun> {
  // Timers hold at most 2^31-1 ms; a longer one fires at once.
  const budget = Math.min(probe.timeoutMs, deadline - Date.now(), MAX_TIMER_MS);
  if (budget <= 0 || parent?.aborted) return notRun(probe);
  const started = performance.now();
  const metrics = new ProbeMetrics(probe.name, probe.kind);
  metrics.set('vigil_probe_info', 1, { target: probe.target });
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => controller.abort(TIMED_OUT);
  let error: unknown;
  parent?.addEventListener('abort', onParentAbort, { once: true });
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => controller.abort(TIMED_OUT), budget);
    controller.signal.addEventListener('abort', () => reject(TIMED_OUT), { once: true });
  });
  const prober = PROBERS[probe.kind] as Prober;
  // Lookups deep inside the prober find the signal here and are cancelled with the probe.
  const running = probeSignal.run(controller.signal, () =>
    prober(probe, { signal: controller.signal, deadline: Date.now() + budget, metrics }),
  );
  try {
    await Promise.race([running, timedOut]);
  } catch (err) {
    error = err;
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
    // Whichever lost the race may settle later; neither may become an unhandled rejection.
    running.catch(() => undefined);
    timedOut.catch(() => undefined);
    // A prober that failed may still hold something; its signal releases it. A prober that
    // succeeded has closed what it opened, and aborting would only cost error objects.
    if (error !== undefined && !controller.signal.aborted) controller.abort(TIMED_OUT);
  }
  metrics.set('probe_duration_seconds', (performance.now() - started) / 1000);
  metrics.set('probe_success', error === undefined ? 1 : 0);
  if (error === undefined) return { metrics };
  const reason = error instanceof Timeout ? 'timeout' : classify(error);
  metrics.set('vigil_probe_failure_info', 1, { reason });
  return { metrics, reason, error: error instanceof ProbeError || error instanceof Timeout ? error.message : describe(error) };
}

/** A probe as the pool remembers it across reloads: the same name on the same target. */
function identity(p: Probe): string {
  return `${p.name}\u0000${p.kind}\u0000${p.target}`;
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e?.code === 'string' ? `${e.code}` : String(e?.message ?? err);
}

/** What the /probe handler needs from the probes of the live config. */
export interface ProbeRunner {
  has(name: string): boolean;
  /** Runs the named probe and returns its metrics only. */
  runOne(name: string, deadline: number, signal?: AbortSignal): Promise<MetricFamily[]>;
  /** Seconds a request may take, from its X-Prometheus-Scrape-Timeout-Seconds header. */
  budgetSeconds(timeoutHeader: string | undefined): number;
}

export interface ScrapeSettings {
  default_timeout_seconds: number;
  timeout_offset_seconds: number;
}

/** The collector of every configured probe, created once per config load. */
export class ProbeCollector implements Collector, ProbeRunner {
  readonly name = 'probes';
  private readonly byName: Map<string, Probe>;
  private readonly inflight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    readonly probes: readonly Probe[],
    private readonly scrape: ScrapeSettings,
    private readonly pool: ProbePool = SHARED_POOL,
  ) {
    this.byName = new Map(probes.map((p) => [p.name, p]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  budgetSeconds(timeoutHeader: string | undefined): number {
    return scrapeBudgetSeconds(timeoutHeader, this.scrape.default_timeout_seconds, this.scrape.timeout_offset_seconds);
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    const runs = await this.runMany(this.probes, ctx.deadline, ctx.signal);
    return toFamilies(runs.map((r) => r.metrics));
  }

  async runOne(name: string, deadline: number, signal?: AbortSignal): Promise<MetricFamily[]> {
    const probe = this.byName.get(name);
    if (!probe) throw new Error(`no probe named ${name}`);
    const runs = await this.runMany([probe], deadline, signal);
    return toFamilies(runs.map((r) => r.metrics));
  }

  /** Stops what is running now (the server is shutting down). */
  async close(): Promise<void> {
    for (const c of this.inflight) c.abort();
  }

  /** Resolves once no run of this collector is in flight: a reload retires it then. */
  idle(): Promise<void> {
    if (this.inflight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async runMany(probes: readonly Probe[], deadline: number, signal?: AbortSignal): Promise<ProbeRun[]> {
    const controller = new AbortController();
    // Every probe in flight listens on it; that is up to the pool size, not a leak.
    setMaxListeners(this.pool.limit + 10, controller.signal);
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    this.inflight.add(controller);
    const end = deadline - finishMargin(deadline);
    try {
      return await this.pool.runBatch({
        items: probes,
        deadline: end,
        signal: controller.signal,
        // Probes whose last run timed out are scheduled together in one group, so that however
        // many targets hang they hold at most one group's share of the pool.
        group: (p) => (this.pool.timedOut.has(identity(p)) ? SLOW_GROUP : endpointOf(p)),
        run: async (p) => {
          const r = await runProbe(p, end, controller.signal);
          if (r.reason === 'timeout') this.pool.timedOut.add(identity(p));
          else if (r.reason !== 'not_run') this.pool.timedOut.delete(identity(p));
          return r;
        },
        notRun,
      });
    } finally {
      signal?.removeEventListener('abort', forward);
      this.inflight.delete(controller);
      if (this.inflight.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
