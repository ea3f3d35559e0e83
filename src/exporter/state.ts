// The live config and its collectors as one generation, swapped whole on reload (SIGHUP or
// POST /-/reload) so a bad file never replaces what is serving.
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import { gauge, type MetricFamily } from '../metrics/model.js';
import { buildCollectors } from './build.js';
import { ExpositionGuard } from './limits.js';
import { Scraper } from './scrape.js';

export interface Generation {
  config: VigilConfig;
  collectors: Collector[];
  scraper: Scraper;
}

export interface ReloadOutcome {
  ok: boolean;
  error?: string;
}

/**
 * The live configuration and the collectors built from it. A reload builds a complete new
 * generation first and swaps it in only when that succeeded, so a bad file never takes
 * down what is serving. Metrics are produced per scrape (no global registry), so probes or
 * groups that a reload removes simply stop appearing, and nothing is "already registered".
 */
export class ExporterState {
  private gen: Generation;
  private lastReloadOk = true;
  private lastReloadSuccess = Date.now() / 1000;
  // Generations swapped out whose scrapes and probes are still running.
  private readonly retiring = new Map<Generation, Promise<void>>();
  private closed = false;
  readonly guard: ExpositionGuard;

  private constructor(
    config: VigilConfig,
    collectors: Collector[],
    private readonly log: Logger,
    private readonly build: (config: VigilConfig, log: Logger) => Promise<Collector[]>,
  ) {
    this.guard = new ExpositionGuard(guardLimits(config));
    this.gen = this.generation(config, collectors);
  }

  /** The state of a starting exporter: the given collectors, or those the config builds. */
  static async start(
    config: VigilConfig,
    log: Logger,
    collectors?: Collector[],
    build: (config: VigilConfig, log: Logger) => Promise<Collector[]> = (c, l) => buildCollectors(c, process.platform, l),
  ): Promise<ExporterState> {
    return new ExporterState(config, collectors ?? (await build(config, log)), log, build);
  }

  get current(): Generation {
    return this.gen;
  }

  private generation(config: VigilConfig, collectors: Collector[]): Generation {
    return {
      config,
      collectors,
      scraper: new Scraper(collectors, {
        paths: config.paths,
        onError: (c, e) => this.log.warn('collector failed', { collector: c, err: String(e) }),
        limit: (f) => this.guard.apply(f),
      }),
    };
  }

  async reload(load: () => Promise<VigilConfig>): Promise<ReloadOutcome> {
    let next: Generation;
    try {
      const config = await load();
      next = this.generation(config, await this.build(config, this.log));
    } catch (err) {
      this.lastReloadOk = false;
      const error = err instanceof Error ? err.message : String(err);
      this.log.error('reload failed, keeping the running configuration', { err: error });
      return { ok: false, error };
    }
    const old = this.gen;
    this.gen = next;
    this.guard.setLimits(guardLimits(next.config));
    this.lastReloadOk = true;
    this.lastReloadSuccess = Date.now() / 1000;
    this.log.info('configuration reloaded', { config: next.config.source });
    // What the old generation is doing (a scrape, a /probe run) finishes on the collectors it
    // started on and is answered as usual; they are closed only when nothing uses them. Closing
    // them now would abort those probes and report healthy targets as timed out.
    this.retiring.set(
      old,
      this.retire(old, next.collectors).finally(() => this.retiring.delete(old)),
    );
    return { ok: true };
  }

  /** Resolves when every generation a reload replaced has finished its work and is closed. */
  async settled(): Promise<void> {
    await Promise.all([...this.retiring.values()]);
  }

  families(): MetricFamily[] {
    return [
      ...this.guard.families(),
      gauge('vigil_config_last_reload_success_timestamp_seconds', 'Timestamp of the last successful configuration reload.', [
        { value: this.lastReloadSuccess },
      ]),
      gauge('vigil_config_last_reload_successful', 'Whether the last configuration reload attempt was successful.', [
        { value: this.lastReloadOk ? 1 : 0 },
      ]),
    ];
  }

  private async retire(old: Generation, keep: Collector[]): Promise<void> {
    await Promise.all([old.scraper.idle(), ...old.collectors.map((c) => c.idle?.())]);
    if (!this.closed) await closeAll(old.collectors, keep);
  }

  async close(): Promise<void> {
    // Shutting down: what still runs is stopped at once, in retiring generations too.
    this.closed = true;
    await closeAll([this.gen.collectors, ...[...this.retiring.keys()].map((g) => g.collectors)].flat(), []);
  }
}

async function closeAll(old: Collector[], keep: Collector[]): Promise<void> {
  const kept = new Set(keep);
  await Promise.all(
    old
      .filter((c) => !kept.has(c))
      .map(async (c) => {
        try {
          await c.close?.();
        } catch {
          // A collector that fails to close must not stop the others from closing.
        }
      }),
  );
}

function guardLimits(config: VigilConfig) {
  return { maxSeries: config.limits.max_series, maxLabelValueLength: config.limits.max_label_value_length };
}
