// One scrape: every collector under the deadline Prometheus states, each in its own failure
// boundary, reported through vigil_scrape_collector_{success,duration_seconds}.
import { HOST_COLLECTORS } from '../collectors/index.js';
import type { HostPaths } from '../collectors/paths.js';
import type { CollectContext, Collector } from '../collectors/types.js';
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';

export interface CollectorOutcome {
  name: string;
  durationSeconds: number;
  success: boolean;
  error?: string;
}

export interface ScrapeResult {
  families: MetricFamily[];
  outcomes: CollectorOutcome[];
  finishedAt: number;
}

export interface ScraperOptions {
  paths: HostPaths;
  /** Called with a collector's failure so the operator sees why, without failing the scrape. */
  onError?: (collector: string, error: string) => void;
  /** Applied once per collection to what the collectors returned (the exposition limits). */
  limit?: (families: MetricFamily[]) => MetricFamily[];
}

class DeadlineExceeded extends Error {
  constructor(seconds: number) {
    super(`deadline of ${seconds.toFixed(3)}s exceeded`);
  }
}

/** A collection under way: when it must be done, and how long it was given. */
interface Collection {
  deadline: number;
  budgetMs: number;
  result: Promise<ScrapeResult>;
}

/**
 * A scrape may join a collection already under way only when that collection answers by the
 * scrape's own deadline and was given nearly as long as the scrape would give itself: a
 * collection started for a 0.001 s header must not decide the fate of a 10 s scrape's probes,
 * and a 0.5 s scrape must not wait for a 10 s collection.
 */
export const JOIN_BUDGET_RATIO = 0.9;

// setTimeout holds at most 2^31-1 ms; a longer delay fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs every collector under one deadline, each in its own failure boundary, and shares an
 * in-flight collection between concurrent scrapes whose deadlines it fits (prom-client's
 * single Promise.all would let one hung or throwing collector take the whole scrape down).
 */
export class Scraper {
  private readonly inflight = new Set<Collection>();
  private readonly idleWaiters: (() => void)[] = [];
  private last: ScrapeResult | undefined;

  constructor(
    private readonly collectors: readonly Collector[],
    private readonly options: ScraperOptions,
  ) {}

  get lastResult(): ScrapeResult | undefined {
    return this.last;
  }

  get collectorNames(): string[] {
    return this.collectors.map((c) => c.name);
  }

  scrape(budgetSeconds: number): Promise<ScrapeResult> {
    const budgetMs = Math.min(MAX_TIMER_MS, budgetSeconds * 1000);
    const deadline = Date.now() + budgetMs;
    for (const c of this.inflight) {
      if (c.deadline <= deadline && c.budgetMs >= budgetMs * JOIN_BUDGET_RATIO) return c.result;
    }
    const collection: Collection = { deadline, budgetMs, result: this.collect(deadline, budgetMs) };
    this.inflight.add(collection);
    void collection.result
      .finally(() => {
        this.inflight.delete(collection);
        if (this.inflight.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      })
      .catch(() => undefined);
    return collection.result;
  }

  /** Resolves once no collection is in flight: a reload retires this scraper's collectors then. */
  idle(): Promise<void> {
    if (this.inflight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async collect(deadline: number, budgetMs: number): Promise<ScrapeResult> {
    const budgetSeconds = budgetMs / 1000;
    // One signal and one timer serve the whole collection, since every collector shares its
    // deadline; the timer is only armed when a collector turns out to be asynchronous.
    const controller = new AbortController();
    const ctx: CollectContext = { paths: this.options.paths, signal: controller.signal, deadline };
    let timer: NodeJS.Timeout | undefined;
    let expiry: Promise<never> | undefined;
    const expired = () =>
      (expiry ??= new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => {
            controller.abort();
            reject(new DeadlineExceeded(budgetSeconds));
          },
          Math.max(0, deadline - Date.now()),
        );
      }));
    let settled: Settled[];
    try {
      settled = await Promise.all(this.collectors.map((c) => this.runOne(c, ctx, expired)));
    } finally {
      clearTimeout(timer);
    }
    const merged = mergeFamilies(settled.flatMap((s) => s.families));
    const families = this.options.limit ? this.options.limit(merged) : merged;
    const outcomes = settled.map((s) => s.outcome);
    families.push(...selfFamilies(outcomes));
    const result = { families, outcomes, finishedAt: Date.now() };
    this.last = result;
    return result;
  }

  private async runOne(c: Collector, ctx: CollectContext, expired: () => Promise<never>): Promise<Settled> {
    const started = performance.now();
    const done = (families: MetricFamily[]) => ({
      families,
      outcome: { name: c.name, durationSeconds: (performance.now() - started) / 1000, success: true },
    });
    const failed = (err: unknown) => {
      const error = err instanceof Error ? err.message : String(err);
      this.options.onError?.(c.name, error);
      return { families: [], outcome: { name: c.name, durationSeconds: (performance.now() - started) / 1000, success: false, error } };
    };
    let pending: Promise<MetricFamily[]>;
    try {
      const r = c.collect(ctx);
      // Synchronous collectors (most /proc readers) are timed exactly and need no timer.
      if (!(r instanceof Promise)) return done(r);
      pending = r;
    } catch (err) {
      return failed(err);
    }
    try {
      return done(await Promise.race([pending, expired()]));
    } catch (err) {
      return failed(err);
    } finally {
      // A collector that lost the race may still reject later; that must not crash the process.
      pending.catch(() => undefined);
    }
  }
}

interface Settled {
  families: MetricFamily[];
  outcome: CollectorOutcome;
}

/** Two collectors may contribute to one family name; the exposition must list it once. */
export function mergeFamilies(families: MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  let out: MetricFamily[] | undefined;
  for (let i = 0; i < families.length; i++) {
    const f = families[i]!;
    const seen = byName.get(f.name);
    if (!seen) {
      byName.set(f.name, f);
      out?.push(f);
      continue;
    }
    // Collectors' families are shared with their callers, so a merge makes new objects
    // (and the output list is only copied from the first name seen twice on).
    out ??= families.slice(0, i);
    if (seen.type === f.type) {
      const merged = { ...seen, samples: seen.samples.concat(f.samples) };
      out[out.indexOf(seen)] = merged;
      byName.set(f.name, merged);
    }
    // Same name with a different type would be an invalid exposition: the first one wins.
  }
  return out ?? families;
}

// node_exporter's own names for its collectors' health, which Node Exporter Full and the
// node-mixin read; served for the collectors that stand in for node_exporter's.
const NODE_COLLECTORS = new Set(HOST_COLLECTORS.map((c) => c.name).filter((n) => n !== 'runtime'));

function selfFamilies(outcomes: CollectorOutcome[]): MetricFamily[] {
  const duration: Sample[] = [];
  const success: Sample[] = [];
  const nodeDuration: Sample[] = [];
  const nodeSuccess: Sample[] = [];
  for (const o of outcomes) {
    const labels = { collector: o.name };
    duration.push({ labels, value: o.durationSeconds });
    success.push({ labels, value: o.success ? 1 : 0 });
    if (!NODE_COLLECTORS.has(o.name)) continue;
    nodeDuration.push({ labels, value: o.durationSeconds });
    nodeSuccess.push({ labels, value: o.success ? 1 : 0 });
  }
  const fams = [
    gauge('vigil_scrape_collector_duration_seconds', 'vigil: duration of a collector scrape.', duration),
    gauge('vigil_scrape_collector_success', 'vigil: whether a collector succeeded.', success),
  ];
  if (nodeDuration.length) {
    fams.push(
      gauge('node_scrape_collector_duration_seconds', 'node_exporter: Duration of a collector scrape.', nodeDuration),
      gauge('node_scrape_collector_success', 'node_exporter: Whether a collector succeeded.', nodeSuccess),
    );
  }
  return fams;
}
