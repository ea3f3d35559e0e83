import { HOST_COLLECTORS } from '../collectors/index.js';
import { PORTABLE_COLLECTORS } from '../collectors/portable/index.js';
import type { Collector } from '../collectors/types.js';
import type { CollectorSetting, VigilConfig } from '../config/types.js';
import { probeSection } from '../probes/index.js';
import { processSection } from '../processes/index.js';
import { logSection } from '../logs/index.js';
import type { Logger } from '../log.js';
import type { ConfigSection } from './section.js';

export const SECTIONS: readonly ConfigSection[] = [processSection, probeSection, logSection];

export function isEnabled(setting: CollectorSetting | undefined, defaultEnabled: boolean): boolean {
  if (setting === undefined) return defaultEnabled;
  if (typeof setting === 'boolean') return setting;
  return setting.enabled ?? true;
}

export function optionsOf(setting: CollectorSetting | undefined): Record<string, unknown> {
  if (!setting || typeof setting !== 'object') return {};
  const { enabled: _enabled, ...rest } = setting;
  return rest;
}

/** Instantiates every enabled collector for this config, host collectors first. */
export function buildCollectors(config: VigilConfig, platform: NodeJS.Platform = process.platform, log?: Logger): Collector[] {
  const out: Collector[] = [];
  for (const linuxDef of HOST_COLLECTORS) {
    // Off Linux there is no /proc: the portable version stands in where one exists, and the
    // collectors that only make sense on Linux (pressure, hwmon, ...) are left out.
    const def = platform === 'linux' || linuxDef.name === 'runtime' ? linuxDef : PORTABLE_COLLECTORS.find((p) => p.name === linuxDef.name);
    if (!def) continue;
    const setting = config.collectors[def.name];
    if (!isEnabled(setting, def.defaultEnabled)) continue;
    out.push(def.create({ options: optionsOf(setting), paths: config.paths, platform, ...(log ? { log } : {}) }));
  }
  for (const section of SECTIONS) {
    const c = section.create(config);
    if (c) out.push(c);
  }
  return out;
}
