import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogCollector } from '../../src/logs/collector.js';
import { parseLogs } from '../../src/logs/config.js';
import type { MetricFamily } from '../../src/metrics/model.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-logs-'));
}

export function collectorFor(entries: Record<string, unknown>[]): LogCollector {
  const { logs, problems } = parseLogs(entries);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  return new LogCollector(logs);
}

export async function scrape(c: LogCollector): Promise<MetricFamily[]> {
  return c.collect({
    paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
    signal: new AbortController().signal,
    deadline: Date.now() + 10_000,
  });
}

/** The value of the one sample of `name` (+suffix) whose labels include `labels`; undefined if none. */
export function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}, suffix = ''): number | undefined {
  const f = families.find((x) => x.name === name);
  const hits = (f?.samples ?? []).filter(
    (s) => (s.suffix ?? '') === suffix && Object.entries(labels).every(([k, v]) => s.labels?.[k] === v),
  );
  if (hits.length > 1) throw new Error(`${name}${suffix} ${JSON.stringify(labels)} matches ${hits.length} samples`);
  return hits[0]?.value;
}

/** Sum of http_requests_total over every series of `log`. */
export function requests(families: MetricFamily[], log: string): number {
  const f = families.find((x) => x.name === 'http_requests_total');
  return (f?.samples ?? []).filter((s) => s.labels?.['log'] === log).reduce((a, s) => a + s.value, 0);
}

export function combinedLine(method: string, status: number, size: number, extra = ''): string {
  return `127.0.0.1 - - [01/Dec/2026:12:00:00 +0000] "${method} /path HTTP/1.1" ${status} ${size} "-" "curl/8"${extra}\n`;
}
