import type { ConfigSection } from '../exporter/section.js';

// Probes of configured targets from `probes`.
export const probeSection: ConfigSection = {
  name: 'probes',
  create: () => undefined,
};
