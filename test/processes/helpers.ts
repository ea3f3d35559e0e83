import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Collector, CollectContext } from '../../src/collectors/types.js';
import { renderText } from '../../src/metrics/exposition.js';
import { parseExposition, type ParsedFamily } from '../support/exposition-parse.js';

export const FIXTURE = fileURLToPath(new URL('../fixtures/processes/', import.meta.url));

export function context(root: string, overrides: Partial<CollectContext> = {}): CollectContext {
  return {
    paths: { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: join(root, 'root') },
    signal: new AbortController().signal,
    deadline: Date.now() + 30_000,
    ...overrides,
  };
}

/** One scrape, rendered and parsed back, so tests read what Prometheus would read. */
export async function scrape(c: Collector, ctx: CollectContext): Promise<Map<string, ParsedFamily>> {
  return parseExposition(renderText(await c.collect(ctx)));
}

/** The value of one series, or undefined when the series is absent. */
export function value(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string>): number | undefined {
  const f = families.get(name);
  return f?.series.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

export function groupsOf(families: Map<string, ParsedFamily>): string[] {
  return (families.get('namedprocess_namegroup_num_procs')?.series ?? []).map((s) => s.labels['groupname']!).sort();
}

/** A writable copy of the fixture tree, for tests where processes start, work and exit. */
export function copyFixture(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'vigil-procs-'));
  cpSync(FIXTURE, root, { recursive: true });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
