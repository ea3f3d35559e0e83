// node_exporter's arp collector: /proc/net/arp entries counted per device (node_arp_entries).
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

/** Entries of /proc/net/arp counted per device (its last column). */
export function parseArp(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 6) {
      if (line.trim() === '') continue;
      throw new Error(`unexpected ARP table line: ${JSON.stringify(line.slice(0, 60))}`);
    }
    if (cols[0] === 'IP') continue;
    const device = cols[cols.length - 1]!;
    out.set(device, (out.get(device) ?? 0) + 1);
  }
  return out;
}

export function arpFamilies(entries: Map<string, number>): MetricFamily[] {
  const samples = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([device, value]) => ({ labels: { device }, value }));
  return [gauge('node_arp_entries', 'ARP entries by device', samples)];
}

export const arpCollector: CollectorDefinition = {
  name: 'arp',
  defaultEnabled: true,
  description: 'ARP table entries per device from /proc/net/arp',
  create: ({ paths }) => ({
    name: 'arp',
    collect: () => {
      const text = readOptional(procPath(paths, 'net', 'arp'));
      return text === undefined ? [] : arpFamilies(parseArp(text));
    },
  }),
};
