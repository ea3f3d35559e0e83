// node_exporter's loadavg collector: node_load1/5/15. The shape most collectors here follow: a
// read at the edge, a pure parse tested on a literal string, families built from what it returns.
import { single, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export function parseLoadavg(text: string): [number, number, number] {
  const parts = text.trim().split(/\s+/);
  const nums = parts.slice(0, 3).map(Number);
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
    throw new Error(`unexpected /proc/loadavg content: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return nums as [number, number, number];
}

export function loadavgFamilies([l1, l5, l15]: [number, number, number]): MetricFamily[] {
  return [
    single('node_load1', '1m load average.', 'gauge', l1),
    single('node_load15', '15m load average.', 'gauge', l15),
    single('node_load5', '5m load average.', 'gauge', l5),
  ];
}

export const loadavgCollector: CollectorDefinition = {
  name: 'loadavg',
  defaultEnabled: true,
  description: 'Load averages from /proc/loadavg',
  create: ({ paths }) => ({
    name: 'loadavg',
    collect: () => loadavgFamilies(parseLoadavg(readText(procPath(paths, 'loadavg')))),
  }),
};
