// The collectors of one config, built through the section table (src/sections/) so that the
// exporter need not know which sections exist.
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import { createSectionCollectors } from '../sections/index.js';

/** Instantiates every enabled collector for this config, host collectors first. */
export function buildCollectors(config: VigilConfig, platform: NodeJS.Platform = process.platform, log?: Logger): Promise<Collector[]> {
  return createSectionCollectors(config, { platform, ...(log ? { log } : {}) });
}
