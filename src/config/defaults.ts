// What vigil runs with when vigil.yml is absent or leaves a key out; load.ts lays the file over it.
import type { VigilConfig } from './types.js';

// 9469 is not taken by any exporter on the Prometheus default-port list we know of and sits
// near its peers (node_exporter 9100, blackbox 9115, process-exporter 9256).
export const DEFAULT_PORT = 9469;
export const DEFAULT_LISTEN = `0.0.0.0:${DEFAULT_PORT}`;

export function defaultConfig(): VigilConfig {
  return {
    listen: DEFAULT_LISTEN,
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    scrape: { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 },
    limits: {
      max_requests: 40,
      max_series: 200_000,
      max_label_value_length: 4096,
      header_timeout_seconds: 10,
      request_timeout_seconds: 120,
    },
    collectors: {},
    process_names: [],
    process_options: {},
    probes: [],
    logs: [],
    source: 'built-in defaults',
  };
}
