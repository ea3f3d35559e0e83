// The config as the exporter holds it after loading. Process, probe and log entries stay
// `unknown` here: each section (src/sections/) parses its own, so this file need not know them.
import type { HostPaths } from '../collectors/paths.js';

export type CollectorSetting = boolean | ({ enabled?: boolean } & Record<string, unknown>);

export interface VigilConfig {
  listen: string;
  paths: HostPaths;
  scrape: { default_timeout_seconds: number; timeout_offset_seconds: number };
  limits: Limits;
  collectors: Record<string, CollectorSetting>;
  process_names: unknown[];
  process_options: Record<string, unknown>;
  probes: unknown[];
  logs: unknown[];
  /** Where the config came from, for messages; "built-in defaults" when no file was given. */
  source: string;
}

export interface Limits {
  max_requests: number;
  max_series: number;
  max_label_value_length: number;
  header_timeout_seconds: number;
  request_timeout_seconds: number;
}
