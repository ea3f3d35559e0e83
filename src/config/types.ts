import type { HostPaths } from '../collectors/paths.js';

export type CollectorSetting = boolean | ({ enabled?: boolean } & Record<string, unknown>);

export interface VigilConfig {
  listen: string;
  paths: HostPaths;
  scrape: { default_timeout_seconds: number; timeout_offset_seconds: number };
  collectors: Record<string, CollectorSetting>;
  process_names: unknown[];
  process_options: Record<string, unknown>;
  probes: unknown[];
  /** Where the config came from, for messages; "built-in defaults" when no file was given. */
  source: string;
}
