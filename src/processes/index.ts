import type { ConfigSection } from '../exporter/section.js';

// Process groups from `process_names` (process-exporter's format).
export const processSection: ConfigSection = {
  name: 'processes',
  create: () => undefined,
};
