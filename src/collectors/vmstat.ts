// node_exporter's vmstat collector: the /proc/vmstat fields node_exporter serves by default, as node_vmstat_<field>.
import { untyped, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

// node_exporter's default field filter: page-ins/outs, swap-ins/outs, page faults, OOM kills.
export const DEFAULT_VMSTAT_FIELDS = /^(oom_kill|pgpg|pswp|pg.*fault).*/;

export function parseVmstat(text: string, keep: RegExp = DEFAULT_VMSTAT_FIELDS): MetricFamily[] {
  const fams: MetricFamily[] = [];
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const field = line.slice(0, space);
    if (!keep.test(field)) continue;
    const value = Number(line.slice(space + 1));
    if (!Number.isFinite(value)) throw new Error(`non-numeric vmstat ${field}: ${JSON.stringify(line.slice(space + 1, space + 40))}`);
    fams.push(untyped(`node_vmstat_${field}`, `/proc/vmstat information field ${field}.`, [{ value }]));
  }
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const vmstatCollector: CollectorDefinition = {
  name: 'vmstat',
  defaultEnabled: true,
  description: 'Paging, swapping, page faults and OOM kills from /proc/vmstat',
  create: ({ paths }) => ({ name: 'vmstat', collect: () => parseVmstat(readText(procPath(paths, 'vmstat'))) }),
};
