// What a host collector is: a definition in the table (index.ts) with its name, its default and a
// factory, and a Collector that answers within the deadline its context carries.
import type { MetricFamily } from '../metrics/model.js';
import type { Logger } from '../log.js';
import type { HostPaths } from './paths.js';

export interface CollectContext {
  paths: HostPaths;
  /** Aborted when the collector's share of the scrape deadline runs out. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the collector must have answered. */
  deadline: number;
}

export interface Collector {
  readonly name: string;
  collect(ctx: CollectContext): Promise<MetricFamily[]> | MetricFamily[];
  /** Releases sockets, timers or child state when the config is reloaded or the server stops. */
  close?(): Promise<void> | void;
  /** Resolves when no work of this collector is in flight outside a scrape (the /probe route). */
  idle?(): Promise<void>;
}

/** What a collector factory receives: its own section of the config and the host roots. */
export interface CollectorSetup<Options = unknown> {
  options: Options;
  paths: HostPaths;
  platform: NodeJS.Platform;
  /** For what a collector notices without failing (a textfile it skipped); vigil's own log when served. */
  log?: Logger;
}

export interface CollectorDefinition<Options = unknown> {
  name: string;
  /** Enabled when the config does not mention it. */
  defaultEnabled: boolean;
  description: string;
  create(setup: CollectorSetup<Options>): Collector;
}
