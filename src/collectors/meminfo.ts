import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface MeminfoEntry {
  name: string; // already in node_exporter form: "Active(anon)" → "Active_anon"
  value: number;
  bytes: boolean;
}

export function parseMeminfo(text: string): MeminfoEntry[] {
  const out: MeminfoEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/\((.*)\)/, '_$1');
    const kb = m[3] === 'kB';
    out.push({ name, value: kb ? Number(m[2]) * 1024 : Number(m[2]), bytes: kb });
  }
  return out;
}

export function meminfoFamilies(entries: MeminfoEntry[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const e of entries) {
    const name = `node_memory_${e.name}${e.bytes ? '_bytes' : ''}`;
    byName.set(name, gauge(name, `Memory information field ${e.name}${e.bytes ? '_bytes' : ''}.`, [{ value: e.value }]));
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const meminfoCollector: CollectorDefinition = {
  name: 'meminfo',
  defaultEnabled: true,
  description: 'Memory statistics from /proc/meminfo',
  create: ({ paths }) => ({
    name: 'meminfo',
    collect: () => meminfoFamilies(parseMeminfo(readText(procPath(paths, 'meminfo')))),
  }),
};
