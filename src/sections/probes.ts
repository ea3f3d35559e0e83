// `probes`: blackbox-style probes of configured targets, served on /metrics and /probe.
import type { Collector } from '../collectors/types.js';
import { parseProbes } from '../probes/config.js';
import { probesSchema } from '../probes/schema.js';
import type { Probe } from '../probes/types.js';
import { locateInString } from '../regex/locate.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { Section } from './section.js';

export const probesSection = {
  name: 'probes',
  schema: { probes: probesSchema },
  raw: (config) => [config.probes],
  // Parsing reads every secret and PEM file the probes name; the collector gets what was read
  // here, so a load reads each file once and a file that changes between the two cannot be
  // checked in one form and used in another.
  check(doc, config) {
    if (!Array.isArray(config.probes) || config.probes.length === 0) return { diagnostics: [], parsed: [] };
    const { probes, problems } = parseProbes(config.probes);
    const diagnostics = problems.map((p) => {
      const path = ['probes', p.index, ...p.path];
      const pos = p.pattern ? locateInString(doc, path, p.pattern.source, p.pattern.offset) : doc.locate(path);
      const d: Diagnostic = {
        code: p.code,
        file: doc.file,
        line: pos.line,
        column: pos.column,
        message: `probes[${p.index}].${p.path.join('.') || 'name'}: ${p.message}`,
      };
      if (p.hint) d.hint = p.hint;
      return d;
    });
    return { diagnostics, parsed: probes };
  },
  async create(probes, config): Promise<Collector[]> {
    if (!probes.length) return [];
    const { ProbeCollector } = await import('../probes/runner.js');
    return [new ProbeCollector(probes, config.scrape)];
  },
} satisfies Section<Probe[]>;
