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
  readonly guard: ExpositionGuard;

  constructor(
    config: VigilConfig,
    private readonly log: Logger,
    private readonly build: (config: VigilConfig) => Collector[] = buildCollectors,
    collectors?: Collector[],
  ) {
    this.guard = new ExpositionGuard(guardLimits(config));
    this.gen = this.generation(config, collectors ?? build(config));
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
      next = this.generation(config, this.build(config));
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
    await closeAll(old.collectors, next.collectors);
    return { ok: true };
  }

  families(): MetricFamily[] {
    return [
      ...this.guard.families(),
      gauge('vigil_config_last_reload_success_timestamp_seconds', 'Timestamp of the last successful configuration reload.', [{ value: this.lastReloadSuccess }]),
      gauge('vigil_config_last_reload_successful', 'Whether the last configuration reload attempt was successful.', [{ value: this.lastReloadOk ? 1 : 0 }]),
    ];
  }

  async close(): Promise<void> {
    await closeAll(this.gen.collectors, []);
  }
}

async function closeAll(old: Collector[], keep: Collector[]): Promise<void> {
  const kept = new Set(keep);
  await Promise.all(old.filter((c) => !kept.has(c)).map(async (c) => {
    try {
      await c.close?.();
    } catch {
      // A collector that fails to close must not stop the others from closing.
    }
  }));
}

function guardLimits(config: VigilConfig) {
  return { maxSeries: config.limits.max_series, maxLabelValueLength: config.limits.max_label_value_length };
}
