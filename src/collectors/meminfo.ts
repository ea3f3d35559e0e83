// node_exporter's meminfo collector: every /proc/meminfo line as node_memory_<Name>_bytes
// (kB turned into bytes; counts such as HugePages_Total kept as they are).
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface MeminfoEntry {
  name: string; // already in node_exporter form: "Active(anon)" → "Active_anon"
  value: number;
  bytes: boolean;
}

const LINE = /^([^:]+):\s+(\d+)(?:\s+(kB))?\s*$/;

// Garbage where /proc/meminfo should be fails the collector with the line at fault: reporting
// success with no series would hide it, as node_exporter's "invalid line" error does not.
export function parseMeminfo(text: string): MeminfoEntry[] {
  const out: MeminfoEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`meminfo line ${i + 1} is not "Field: number [kB]": ${JSON.stringify(line.slice(0, 80))}`);
    const kb = m[3] === 'kB';
    out.push({ name: fieldName(m[1]!), value: kb ? Number(m[2]) * 1024 : Number(m[2]), bytes: kb });
  }
  if (!out.length) throw new Error('meminfo holds no field');
  return out;
}

// The ~55 field names of /proc/meminfo are the same on every read; their metric names and
// help texts are worked out once instead of on every scrape.
const names = new Map<string, string>();
const byteFamilies = new Map<string, { name: string; help: string }>();
const countFamilies = new Map<string, { name: string; help: string }>();
const MAX_FIELDS = 1000;

function fieldName(raw: string): string {
  let name = names.get(raw);
  if (name === undefined) {
    name = raw.replace(/\((.*)\)/, '_$1');
    if (names.size < MAX_FIELDS) names.set(raw, name);
  }
  return name;
}

function familyOf(e: MeminfoEntry): { name: string; help: string } {
  const known = e.bytes ? byteFamilies : countFamilies;
  let f = known.get(e.name);
  if (!f) {
    const field = e.bytes ? `${e.name}_bytes` : e.name;
    f = { name: `node_memory_${field}`, help: `Memory information field ${field}.` };
    if (known.size < MAX_FIELDS) known.set(e.name, f);
  }
  return f;
}

export function meminfoFamilies(entries: MeminfoEntry[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const e of entries) {
    const { name, help } = familyOf(e);
    byName.set(name, gauge(name, help, [{ value: e.value }]));
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
