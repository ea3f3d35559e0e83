// node_exporter's conntrack collector: the netfilter connection table's use against its limit
// (a full table drops new connections) and the per-CPU statistics of /proc/net/stat/nf_conntrack.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

const STATS: [column: string, metric: string, help: string][] = [
  ['found', 'found', 'Number of searched entries which were successful.'],
  ['invalid', 'invalid', 'Number of packets seen which can not be tracked.'],
  ['ignore', 'ignore', 'Number of packets seen which are already connected to a conntrack entry.'],
  ['insert', 'insert', 'Number of entries inserted into the list.'],
  ['insert_failed', 'insert_failed', 'Number of entries for which list insertion was attempted but failed.'],
  ['drop', 'drop', 'Number of packets dropped due to conntrack failure.'],
  ['early_drop', 'early_drop', 'Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.'],
  ['search_restart', 'search_restart', 'Number of conntrack table lookups which had to be restarted due to hashtable resizes.'],
];

/** /proc/net/stat/nf_conntrack: a header of column names, then one hexadecimal row per CPU; summed. */
export function parseConntrackStat(text: string): Map<string, number> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0]?.trim().split(/\s+/) ?? [];
  const sums = new Map<string, number>(header.map((h) => [h, 0]));
  for (const line of lines.slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length !== header.length) throw new Error(`nf_conntrack stat row has ${cols.length} columns, header ${header.length}`);
    cols.forEach((c, i) => {
      const v = /^[0-9a-f]+$/i.test(c) ? parseInt(c, 16) : NaN;
      if (!Number.isFinite(v)) throw new Error(`non-hexadecimal nf_conntrack stat ${header[i]}: ${JSON.stringify(c)}`);
      sums.set(header[i]!, sums.get(header[i]!)! + v);
    });
  }
  return sums;
}

function number(text: string, what: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`unexpected ${what} content: ${JSON.stringify(text.slice(0, 40))}`);
  return n;
}

export function conntrackFamilies(count: string, max: string, stat?: Map<string, number>): MetricFamily[] {
  const fams = [
    gauge('node_nf_conntrack_entries', 'Number of currently allocated flow entries for connection tracking.', [
      { value: number(count, 'nf_conntrack_count') },
    ]),
    gauge('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.', [{ value: number(max, 'nf_conntrack_max') }]),
  ];
  if (stat) {
    for (const [column, metric, help] of STATS) {
      const v = stat.get(column);
      if (v !== undefined) fams.push(gauge(`node_nf_conntrack_stat_${metric}`, help, [{ value: v }]));
    }
  }
  return fams;
}

export const conntrackCollector: CollectorDefinition = {
  name: 'conntrack',
  defaultEnabled: true,
  description: 'Connection-tracking table use and statistics (where nf_conntrack is loaded)',
  create: ({ paths }) => ({
    name: 'conntrack',
    collect: () => {
      // No conntrack module loaded: nothing to report, and not a failure (as upstream).
      const count = readOptional(procPath(paths, 'sys', 'net', 'netfilter', 'nf_conntrack_count'));
      const max = readOptional(procPath(paths, 'sys', 'net', 'netfilter', 'nf_conntrack_max'));
      if (count === undefined || max === undefined) return [];
      const stat = readOptional(procPath(paths, 'net', 'stat', 'nf_conntrack'));
      return conntrackFamilies(count, max, stat === undefined ? undefined : parseConntrackStat(stat));
    },
  }),
};
