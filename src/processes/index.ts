import type { ConfigSection } from '../exporter/section.js';
import { COLLECTOR_NAME, createProcessCollector } from './collector.js';

// Process groups from `process_names` (process-exporter's format) and `process_options`.
// Their config check (bad regexes and templates, with positions) runs in config/load.ts.

export const processSection: ConfigSection = {
  name: COLLECTOR_NAME,
  create: (config) => (config.process_names.length ? createProcessCollector(config) : undefined),
};

export { createProcessCollector } from './collector.js';
