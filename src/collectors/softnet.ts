// node_exporter's softnet collector: packets each CPU processed, dropped and squeezed (a full
// budget: the CPU could not keep up).
import { counter, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface SoftnetRow {
  processed: number;
  dropped: number;
  squeezed: number;
}

/** /proc/net/softnet_stat: one line per CPU, hexadecimal columns; the first three are these. */
export function parseSoftnet(text: string): SoftnetRow[] {
  const rows: SoftnetRow[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 3 || cols[0] === '') continue;
    const [processed, dropped, squeezed] = cols.slice(0, 3).map((c) => (/^[0-9a-f]+$/i.test(c) ? parseInt(c, 16) : NaN));
    if (![processed, dropped, squeezed].every(Number.isFinite))
      throw new Error(`unexpected softnet_stat line: ${JSON.stringify(line.slice(0, 60))}`);
    rows.push({ processed: processed!, dropped: dropped!, squeezed: squeezed! });
  }
  return rows;
}

export function softnetFamilies(rows: SoftnetRow[]): MetricFamily[] {
  const per = (pick: (r: SoftnetRow) => number) => rows.map((r, cpu) => ({ labels: { cpu: String(cpu) }, value: pick(r) }));
  return [
    counter(
      'node_softnet_dropped_total',
      'Number of dropped packets',
      per((r) => r.dropped),
    ),
    counter(
      'node_softnet_processed_total',
      'Number of processed packets',
      per((r) => r.processed),
    ),
    counter(
      'node_softnet_times_squeezed_total',
      'Number of times processing packets ran out of quota',
      per((r) => r.squeezed),
    ),
  ];
}

export const softnetCollector: CollectorDefinition = {
  name: 'softnet',
  defaultEnabled: true,
  description: 'Per-CPU packet processing from /proc/net/softnet_stat',
  create: ({ paths }) => ({
    name: 'softnet',
    collect: () => softnetFamilies(parseSoftnet(readText(procPath(paths, 'net', 'softnet_stat')))),
  }),
};
