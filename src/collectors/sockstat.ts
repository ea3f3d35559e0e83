// node_exporter's sockstat collector: sockets in use and their memory per protocol, IPv4 and IPv6.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { pageSize } from './page-size.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface SockstatLine {
  protocol: string;
  fields: Map<string, number>;
}

/** "TCP: inuse 3 orphan 0 tw 27 alloc 3 mem 139": a protocol, then name/value pairs. */
export function parseSockstat(text: string): SockstatLine[] {
  const out: SockstatLine[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    const protocol = parts[0]?.replace(/:$/, '');
    if (!protocol || parts.length < 3 || parts.length % 2 === 0) continue;
    const fields = new Map<string, number>();
    for (let i = 1; i + 1 < parts.length; i += 2) {
      const value = Number(parts[i + 1]);
      if (!Number.isFinite(value)) throw new Error(`non-numeric sockstat ${protocol} ${parts[i]}: ${JSON.stringify(parts[i + 1])}`);
      fields.set(parts[i]!, value);
    }
    out.push({ protocol, fields });
  }
  return out;
}

export function sockstatFamilies(v4: SockstatLine[], v6: SockstatLine[], page: number): MetricFamily[] {
  const fams: MetricFamily[] = [];
  const add = (name: string, help: string, value: number) => fams.push(gauge(name, help, [{ value }]));
  for (const line of [...v4, ...v6]) {
    if (line.protocol === 'sockets') {
      const used = line.fields.get('used');
      // node_exporter takes the IPv4 file's count only; sockstat6 has no such line.
      if (used !== undefined && v4.includes(line)) add('node_sockstat_sockets_used', 'Number of IPv4 sockets in use.', used);
      continue;
    }
    for (const [field, value] of line.fields) {
      add(`node_sockstat_${line.protocol}_${field}`, `Number of ${line.protocol} sockets in state ${field}.`, value);
    }
    // `mem` is counted in pages; upstream adds the same in bytes.
    const mem = line.fields.get('mem');
    if (mem !== undefined)
      add(`node_sockstat_${line.protocol}_mem_bytes`, `Number of ${line.protocol} sockets in state mem_bytes.`, mem * page);
  }
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const sockstatCollector: CollectorDefinition = {
  name: 'sockstat',
  defaultEnabled: true,
  description: 'Socket counts and memory from /proc/net/sockstat and sockstat6',
  create: ({ paths }) => ({
    name: 'sockstat',
    collect: () => {
      const v4 = readOptional(procPath(paths, 'net', 'sockstat'));
      if (v4 === undefined) throw new Error(`${procPath(paths, 'net', 'sockstat')} does not exist`);
      const v6 = readOptional(procPath(paths, 'net', 'sockstat6'));
      return sockstatFamilies(parseSockstat(v4), v6 === undefined ? [] : parseSockstat(v6), pageSize(paths));
    },
  }),
};
