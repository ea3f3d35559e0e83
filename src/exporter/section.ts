import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';

/**
 * A config section that brings its own collector (process groups from `process_names`,
 * probes from `probes`). It is created only when the section has entries.
 */
export interface ConfigSection {
  name: string;
  create(config: VigilConfig): Collector | undefined;
}
