// `logs`: access logs tailed into request metrics (src/logs/).
import type { Collector } from '../collectors/types.js';
import { parseLogs } from '../logs/config.js';
import { logsSchema } from '../logs/schema.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { Section } from './section.js';

type ParsedLogs = ReturnType<typeof parseLogs>['logs'] | undefined;

export const logsSection = {
  name: 'logs',
  schema: { logs: logsSchema },
  raw: (config) => [config.logs],
  // What a schema cannot check (json-only keys on a text format, reserved labels, buckets out of
  // order, a name twice), at the position of the field at fault.
  check(doc, config) {
    if (!Array.isArray(config.logs) || config.logs.length === 0) return { diagnostics: [], parsed: undefined };
    const { logs, problems } = parseLogs(config.logs);
    const diagnostics = problems.map((p) => {
      const path = ['logs', p.index, ...p.path];
      const pos = doc.locate(path, p.path[0] === 'labels' || p.path[0] === 'fields' || p.path[0] === 'duration_unit' ? 'key' : 'value');
      const d: Diagnostic = {
        code: p.code,
        file: doc.file,
        line: pos.line,
        column: pos.column,
        message: `logs[${p.index}].${p.path.join('.')}: ${p.message}`,
      };
      if (p.hint) d.hint = p.hint;
      return d;
    });
    return { diagnostics, parsed: logs };
  },
  async create(parsed): Promise<Collector[]> {
    if (!parsed?.length) return [];
    const { LogCollector } = await import('../logs/collector.js');
    const c = new LogCollector(parsed);
    // Seek to the end of the logs now, not at the first scrape, so lines written between
    // start-up and the first scrape are counted. Read faults are counted inside; the catch only
    // keeps anything unforeseen from becoming an unhandled rejection that ends the process.
    void c.start().catch(() => undefined);
    return [c];
  },
} satisfies Section<ParsedLogs>;
