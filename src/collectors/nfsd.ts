// /proc/net/rpc/nfsd, the NFS server's counters (fs/nfsd/stats.c, net/sunrpc/stats.c):
// rc (reply cache hits, misses, uncached), fh (stale handles first), io (bytes read,
// written), th (threads first), ra (read-ahead cache, gone since Linux 5.8), net, rpc, procN
// per protocol version, and proc4ops with a count per NFSv4 operation number (RFC 7530).
// Served with node_exporter 1.5's names and its choice of procedures.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

const V2 = [
  'GetAttr',
  'SetAttr',
  'Root',
  'Lookup',
  'ReadLink',
  'Read',
  'WrCache',
  'Write',
  'Create',
  'Remove',
  'Rename',
  'Link',
  'SymLink',
  'MkDir',
  'RmDir',
  'ReadDir',
  'FsStat',
];
const V3 = [
  'GetAttr',
  'SetAttr',
  'Lookup',
  'Access',
  'ReadLink',
  'Read',
  'Write',
  'Create',
  'MkDir',
  'SymLink',
  'MkNod',
  'Remove',
  'RmDir',
  'Rename',
  'Link',
  'ReadDir',
  'ReadDirPlus',
  'FsStat',
  'FsInfo',
  'PathConf',
  'Commit',
];
/** Where each is on its line: after the count (column 0) and NULL (column 1, not served). */
const V2_AT = V2.map((_, i) => i + 2);
const V3_AT = V3.map((_, i) => i + 2);
/** [operation number, method]: the v4 operations node_exporter serves. */
const V4_OPS: [number, string][] = [
  [3, 'Access'],
  [4, 'Close'],
  [5, 'Commit'],
  [6, 'Create'],
  [7, 'DelegPurge'],
  [8, 'DelegReturn'],
  [9, 'GetAttr'],
  [10, 'GetFH'],
  [11, 'Link'],
  [12, 'Lock'],
  [13, 'Lockt'],
  [14, 'Locku'],
  [15, 'Lookup'],
  [16, 'LookupRoot'],
  [17, 'Nverify'],
  [18, 'Open'],
  [19, 'OpenAttr'],
  [20, 'OpenConfirm'],
  [21, 'OpenDgrd'],
  [22, 'PutFH'],
  [25, 'Read'],
  [26, 'ReadDir'],
  [27, 'ReadLink'],
  [28, 'Remove'],
  [29, 'Rename'],
  [30, 'Renew'],
  [31, 'RestoreFH'],
  [32, 'SaveFH'],
  [33, 'SecInfo'],
  [34, 'SetAttr'],
  [37, 'Verify'],
  [38, 'Write'],
  [39, 'RelLockOwner'],
];

/** line name → its counters, for the lines this collector reads. */
export type NfsdLines = Map<string, number[]>;

/** [line, exact count of counters, or the least] */
const SHAPES: Record<string, { min: number; exact?: boolean }> = {
  rc: { min: 3, exact: true },
  fh: { min: 5, exact: true },
  io: { min: 2, exact: true },
  th: { min: 1 },
  ra: { min: 12, exact: true },
  net: { min: 4, exact: true },
  rpc: { min: 5, exact: true },
  proc2: { min: 1 },
  proc3: { min: 1 },
  proc4ops: { min: 1 },
};

export function parseNfsd(text: string): NfsdLines {
  const lines: NfsdLines = new Map();
  for (const line of text.split('\n')) {
    const [key, ...cols] = line.trim().split(/\s+/);
    const shape = key ? SHAPES[key] : undefined;
    if (!shape) continue; // proc4 (NULL and COMPOUND, not served), wdeleg_getattr, and later additions
    // th carries a float histogram after the thread count on older kernels; only the count is read.
    const used = key === 'th' ? cols.slice(0, 1) : cols;
    if (used.length < shape.min || (shape.exact && used.length !== shape.min) || !used.every((c) => /^\d+$/.test(c))) {
      throw new Error(`unexpected /proc/net/rpc/nfsd "${key}" line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const v = used.map(Number);
    if (key!.startsWith('proc') && v.length - 1 !== v[0])
      throw new Error(`/proc/net/rpc/nfsd "${key}" says ${v[0]} counters but has ${v.length - 1}`);
    lines.set(key!, v);
  }
  return lines;
}

export function nfsdFamilies(l: NfsdLines): MetricFamily[] {
  const at = (key: string, i: number): Sample[] => {
    const v = l.get(key)?.[i];
    return v === undefined ? [] : [{ value: v }];
  };
  const requests: Sample[] = [];
  const procs = (key: string, proto: string, methods: string[], columns: number[]) => {
    const v = l.get(key);
    if (!v) return;
    methods.forEach((method, i) => {
      const value = v[columns[i]!];
      if (value !== undefined) requests.push({ labels: { method, proto }, value });
    });
  };
  procs('proc2', '2', V2, V2_AT);
  procs('proc3', '3', V3, V3_AT);
  // proc4ops: counts[op] is column op + 1; an operation past what the kernel counts is left out.
  procs(
    'proc4ops',
    '4',
    V4_OPS.map(([, m]) => m),
    V4_OPS.map(([op]) => op + 1),
  );
  const net = l.get('net');
  const rpc = l.get('rpc');
  return [
    counter('node_nfsd_connections_total', 'Total number of NFSd TCP connections.', at('net', 3)),
    counter('node_nfsd_disk_bytes_read_total', 'Total NFSd bytes read.', at('io', 0)),
    counter('node_nfsd_disk_bytes_written_total', 'Total NFSd bytes written.', at('io', 1)),
    counter('node_nfsd_file_handles_stale_total', 'Total number of NFSd stale file handles', at('fh', 0)),
    counter(
      'node_nfsd_packets_total',
      'Total NFSd network packets (sent+received) by protocol type.',
      net
        ? [
            { labels: { proto: 'tcp' }, value: net[2]! },
            { labels: { proto: 'udp' }, value: net[1]! },
          ]
        : [],
    ),
    counter('node_nfsd_read_ahead_cache_not_found_total', 'Total number of NFSd read ahead cache not found.', at('ra', 11)),
    gauge('node_nfsd_read_ahead_cache_size_blocks', 'How large the read ahead cache is in blocks.', at('ra', 0)),
    counter('node_nfsd_reply_cache_hits_total', 'Total number of NFSd Reply Cache hits (client lost server response).', at('rc', 0)),
    counter(
      'node_nfsd_reply_cache_misses_total',
      'Total number of NFSd Reply Cache an operation that requires caching (idempotent).',
      at('rc', 1),
    ),
    counter(
      'node_nfsd_reply_cache_nocache_total',
      'Total number of NFSd Reply Cache non-idempotent operations (rename/delete/…).',
      at('rc', 2),
    ),
    counter('node_nfsd_requests_total', 'Total number NFSd Requests by method and protocol.', requests),
    counter(
      'node_nfsd_rpc_errors_total',
      'Total number of NFSd RPC errors by error type.',
      rpc
        ? [
            { labels: { error: 'auth' }, value: rpc[3]! },
            { labels: { error: 'cInt' }, value: rpc[4]! },
            { labels: { error: 'fmt' }, value: rpc[2]! },
          ]
        : [],
    ),
    counter('node_nfsd_server_rpcs_total', 'Total number of NFSd RPCs.', at('rpc', 0)),
    gauge('node_nfsd_server_threads', 'Total number of NFSd kernel threads that are running.', at('th', 0)),
  ];
}

export const nfsdCollector: CollectorDefinition = {
  name: 'nfsd',
  defaultEnabled: true,
  description: 'NFS server counters from /proc/net/rpc/nfsd (where nfsd is loaded)',
  create: ({ paths }) => ({
    name: 'nfsd',
    collect: () => {
      const text = readOptional(procPath(paths, 'net', 'rpc', 'nfsd'));
      return text === undefined ? [] : nfsdFamilies(parseNfsd(text));
    },
  }),
};
