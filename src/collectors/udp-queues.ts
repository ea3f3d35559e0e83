// node_exporter's udp_queues collector: bytes waiting in UDP sockets' receive and send queues, IPv4 and IPv6.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

/** Sums the tx_queue:rx_queue column (hexadecimal) of /proc/net/udp or udp6. */
export function parseUdpQueues(text: string): { tx: number; rx: number } {
  let tx = 0;
  let rx = 0;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const cols = lines[i]!.trim().split(/\s+/);
    if (cols.length < 5) continue;
    const m = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/.exec(cols[4]!);
    if (!m) throw new Error(`unexpected queue column in line ${i + 1}: ${JSON.stringify(cols[4]!.slice(0, 40))}`);
    tx += parseInt(m[1]!, 16);
    rx += parseInt(m[2]!, 16);
  }
  return { tx, rx };
}

export function udpQueuesFamilies(v4?: { tx: number; rx: number }, v6?: { tx: number; rx: number }): MetricFamily[] {
  const samples: Sample[] = [];
  for (const [ip, q] of [
    ['v4', v4],
    ['v6', v6],
  ] as const) {
    if (!q) continue;
    samples.push({ labels: { ip, queue: 'rx' }, value: q.rx }, { labels: { ip, queue: 'tx' }, value: q.tx });
  }
  return [gauge('node_udp_queues', 'Number of allocated memory in the kernel for UDP datagrams in bytes.', samples)];
}

export const udpQueuesCollector: CollectorDefinition = {
  name: 'udp_queues',
  defaultEnabled: true,
  description: 'Bytes queued in UDP sockets from /proc/net/udp and udp6',
  create: ({ paths }) => ({
    name: 'udp_queues',
    collect: () => {
      const v4 = readOptional(procPath(paths, 'net', 'udp'));
      const v6 = readOptional(procPath(paths, 'net', 'udp6'));
      if (v4 === undefined && v6 === undefined) return [];
      return udpQueuesFamilies(v4 === undefined ? undefined : parseUdpQueues(v4), v6 === undefined ? undefined : parseUdpQueues(v6));
    },
  }),
};
