// /proc/net/ip_vs_stats and /proc/net/ip_vs, where the IPVS load balancer (ip_vs, as used by
// kube-proxy's ipvs mode and keepalived) is loaded: its totals since load, and per virtual
// service and real server the weight and the active and inactive connections. The kernel
// writes addresses and ports in hexadecimal; they are served as node_exporter writes them.
import { counter, gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export const IPVS_BACKEND_LABELS = ['local_address', 'local_port', 'remote_address', 'remote_port', 'proto', 'local_mark'] as const;
export type IpvsBackendLabel = (typeof IPVS_BACKEND_LABELS)[number];

export interface IpvsOptions {
  /** node_exporter's --collector.ipvs.backend-labels: the backends are summed over the others. */
  backend_labels?: IpvsBackendLabel[];
}

export interface IpvsTotals {
  connections: number;
  incomingPackets: number;
  outgoingPackets: number;
  incomingBytes: number;
  outgoingBytes: number;
}

/** ip_vs_stats: two heading lines, then the five totals in hexadecimal. */
export function parseIpvsStats(text: string): IpvsTotals {
  const fields = (text.split('\n')[2] ?? '').trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => /^[0-9a-fA-F]+$/.test(f))) {
    throw new Error(
      `ip_vs_stats line 3: expected 5 hexadecimal totals (connections, packets in and out, bytes in and out), got ${JSON.stringify((text.split('\n')[2] ?? '').slice(0, 80))}`,
    );
  }
  const [connections, incomingPackets, outgoingPackets, incomingBytes, outgoingBytes] = fields.map((f) => parseInt(f, 16)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { connections, incomingPackets, outgoingPackets, incomingBytes, outgoingBytes };
}

/** An IPv6 address as Go's net.IP writes it: RFC 5952, and an IPv4-mapped one dotted. */
export function formatIpv6(groups: number[]): string {
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  // The longest run of two or more zero groups (the first of equal ones) becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** "C0A80016:0CEA" or "[2620:0000:...:0001]:0050" → address and port. */
export function parseIpPort(text: string, where: string): { address: string; port: number } {
  const v4 = /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(text);
  if (v4) {
    const n = parseInt(v4[1]!, 16);
    return { address: [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.'), port: parseInt(v4[2]!, 16) };
  }
  const v6 = /^\[((?:[0-9A-Fa-f]{4}:){7}[0-9A-Fa-f]{4})\]:([0-9A-Fa-f]{4})$/.exec(text);
  if (v6) return { address: formatIpv6(v6[1]!.split(':').map((g) => parseInt(g, 16))), port: parseInt(v6[2]!, 16) };
  throw new Error(`${where}: ${JSON.stringify(text.slice(0, 60))} is not a hexadecimal address:port`);
}

export interface IpvsBackend {
  labels: Record<IpvsBackendLabel, string>;
  weight: number;
  active: number;
  inactive: number;
}

/**
 * ip_vs: a line per virtual service (TCP, UDP, SCTP or FWM) followed by its "->" real servers.
 * node_exporter does not know SCTP services, and counts their real servers under the service
 * before them; here they are their own.
 */
export function parseIpvs(text: string): IpvsBackend[] {
  const out: IpvsBackend[] = [];
  let service: Pick<Record<IpvsBackendLabel, string>, 'local_address' | 'local_port' | 'proto' | 'local_mark'> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    const where = `ip_vs line ${i + 1}`;
    const [first, second] = fields;
    if (!first || first === 'IP' || first === 'Prot' || second === 'RemoteAddress:Port' || second === undefined) continue;
    if (first === 'TCP' || first === 'UDP' || first === 'SCTP') {
      const { address, port } = parseIpPort(second, where);
      service = { local_address: address, local_port: String(port), proto: first, local_mark: '' };
    } else if (first === 'FWM') {
      service = { local_address: '', local_port: '0', proto: first, local_mark: second };
    } else if (first === '->' && fields.length >= 6) {
      if (!service) throw new Error(`${where}: a real server before any virtual service`);
      const [weight, active, inactive] = fields.slice(3, 6).map((f) => {
        if (!/^\d+$/.test(f))
          throw new Error(
            `${where}: expected weight, active and inactive connections as numbers, got ${JSON.stringify(fields.slice(3, 6).join(' '))}`,
          );
        return Number(f);
      }) as [number, number, number];
      const { address, port } = parseIpPort(second, where);
      out.push({ labels: { ...service, remote_address: address, remote_port: String(port) }, weight, active, inactive });
    }
  }
  return out;
}

export function ipvsFamilies(
  totals: IpvsTotals | undefined,
  backends: IpvsBackend[],
  labelNames: readonly IpvsBackendLabel[],
): MetricFamily[] {
  if (!totals) return [];
  // With fewer labels, backends that then look alike are one series: their sum.
  const sums = new Map<string, { labels: Record<string, string>; weight: number; active: number; inactive: number }>();
  for (const b of backends) {
    const labels = Object.fromEntries(labelNames.map((l) => [l, b.labels[l]]));
    const key = JSON.stringify(labelNames.map((l) => b.labels[l]));
    const s = sums.get(key) ?? { labels, weight: 0, active: 0, inactive: 0 };
    s.weight += b.weight;
    s.active += b.active;
    s.inactive += b.inactive;
    sums.set(key, s);
  }
  const rows = [...sums.values()];
  return [
    counter('node_ipvs_connections_total', 'The total number of connections made.', [{ value: totals.connections }]),
    counter('node_ipvs_incoming_packets_total', 'The total number of incoming packets.', [{ value: totals.incomingPackets }]),
    counter('node_ipvs_outgoing_packets_total', 'The total number of outgoing packets.', [{ value: totals.outgoingPackets }]),
    counter('node_ipvs_incoming_bytes_total', 'The total amount of incoming data.', [{ value: totals.incomingBytes }]),
    counter('node_ipvs_outgoing_bytes_total', 'The total amount of outgoing data.', [{ value: totals.outgoingBytes }]),
    gauge(
      'node_ipvs_backend_connections_active',
      'The current active connections by local and remote address.',
      rows.map((r) => ({ labels: r.labels, value: r.active })),
    ),
    gauge(
      'node_ipvs_backend_connections_inactive',
      'The current inactive connections by local and remote address.',
      rows.map((r) => ({ labels: r.labels, value: r.inactive })),
    ),
    gauge(
      'node_ipvs_backend_weight',
      'The current backend weight by local and remote address.',
      rows.map((r) => ({ labels: r.labels, value: r.weight })),
    ),
  ];
}

export const ipvsCollector: CollectorDefinition<IpvsOptions> = {
  name: 'ipvs',
  defaultEnabled: true,
  description: 'IPVS load balancer totals and real servers from /proc/net/ip_vs_stats and /proc/net/ip_vs (where ip_vs is loaded)',
  create: ({ options, paths }) => {
    // In node_exporter's order, whatever order the config lists them in.
    const wanted = new Set(options?.backend_labels ?? IPVS_BACKEND_LABELS);
    const labelNames = IPVS_BACKEND_LABELS.filter((l) => wanted.has(l));
    return {
      name: 'ipvs',
      collect: () => {
        const stats = readOptional(procPath(paths, 'net', 'ip_vs_stats'));
        if (stats === undefined) return [];
        const table = readOptional(procPath(paths, 'net', 'ip_vs'));
        if (table === undefined) throw new Error(`${procPath(paths, 'net', 'ip_vs')} is missing while ip_vs_stats is there`);
        return ipvsFamilies(parseIpvsStats(stats), parseIpvs(table), labelNames);
      },
    };
  },
};
