// `process_names` and `process_options`: process groups, in process-exporter's format.
import type { Collector } from '../collectors/types.js';
import { compileMatchers, type Matcher } from '../processes/matcher.js';
import { readOptions, type ProcessOptions } from '../processes/options.js';
import { processNamesSchema, processOptionsSchema } from '../processes/schema.js';
import { locateInString } from '../regex/locate.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { Section } from './section.js';

interface ParsedProcesses {
  matchers: Matcher[];
  options: ProcessOptions;
}

export const processesSection = {
  name: 'processes',
  schema: { process_names: processNamesSchema, process_options: processOptionsSchema },
  raw: (config) => [config.process_names, config.process_options],
  // What a schema cannot check: regexes that do not compile, name templates with unknown
  // fields or captures no regex defines, entries without a selector; each at its line.
  check(doc, config) {
    if (!config.process_names.length) return { diagnostics: [], parsed: undefined };
    const { matchers, problems } = compileMatchers(config.process_names);
    const diagnostics = problems.map((p) => {
      const at = p.pattern ? locateInString(doc, p.path, p.pattern.source, p.pattern.offset) : doc.locate(p.path);
      const d: Diagnostic = { code: p.code, file: doc.file, line: at.line, column: at.column, message: p.message };
      if (p.hint) d.hint = p.hint;
      return d;
    });
    return { diagnostics, parsed: { matchers, options: readOptions(config.process_options) } };
  },
  async create(parsed): Promise<Collector[]> {
    if (!parsed) return [];
    const { processCollector } = await import('../processes/collector.js');
    return [processCollector(parsed.matchers, parsed.options)];
  },
} satisfies Section<ParsedProcesses | undefined>;
