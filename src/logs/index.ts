// Access logs from `logs`, tailed into request metrics. The config check (check.ts) runs in
// config/load.ts.
import type { ConfigSection } from '../exporter/section.js';
import { DiagnosticError } from '../yaml/diagnostic.js';
import { LogCollector } from './collector.js';
import { parseLogs } from './config.js';

export const logSection: ConfigSection = {
  name: 'logs',
  create(config) {
    if (!Array.isArray(config.logs) || config.logs.length === 0) return undefined;
    const { logs, problems } = parseLogs(config.logs);
    // The loader already refused such a config with positions; this guards configs built in code.
    if (problems.length) {
      throw new DiagnosticError(problems.map((p) => ({
        code: p.code, file: config.source, line: 1, column: 1, message: `logs[${p.index}].${p.path.join('.')}: ${p.message}`,
      })));
    }
    const c = new LogCollector(logs);
    // Seek to the end of the logs now, not at the first scrape, so lines written between
    // start-up and the first scrape are counted. Read faults are counted inside; the catch only
    // keeps anything unforeseen from becoming an unhandled rejection that ends the process.
    void c.start().catch(() => undefined);
    return c;
  },
};

export { LogCollector } from './collector.js';
export { checkLogs } from './check.js';
