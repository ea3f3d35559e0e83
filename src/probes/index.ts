// Probes of configured targets from `probes`: the config section and the /probe handler.
// Their config check (checks.ts) runs in config/load.ts.
import type { ConfigSection } from '../exporter/section.js';
import { DiagnosticError } from '../yaml/diagnostic.js';
import { parseProbes } from './config.js';
import { ProbeCollector } from './runner.js';

export { probeHandler } from './handler.js';
export { ProbeCollector, runProbe, type ProbeRunner } from './runner.js';
export { parseProbes } from './config.js';

export const probeSection: ConfigSection = {
  name: 'probes',
  create(config) {
    if (!Array.isArray(config.probes) || config.probes.length === 0) return undefined;
    const { probes, problems } = parseProbes(config.probes);
    // The loader already refused such a config with positions; this guards configs built
    // in code, which have no file to point into.
    if (problems.length) {
      throw new DiagnosticError(problems.map((p) => ({
        code: p.code, file: config.source, line: 1, column: 1, message: `probes[${p.index}].${p.path.join('.')}: ${p.message}`,
      })));
    }
    return new ProbeCollector(probes, config.scrape);
  },
};
