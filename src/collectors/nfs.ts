// /proc/net/rpc/nfs, the NFS client's counters (net/sunrpc/stats.c): "net" (packets, UDP,
// TCP, TCP connections), "rpc" (calls, retransmissions, auth refreshes), and per protocol
// version "procN <count> <calls of each procedure>", in the order of the kernel's procedure
// tables. The method names are node_exporter's (procfs's field names).
import { counter, type MetricFamily, type Sample } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

const V2 = [
  'Null',
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
  'Null',
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
// include/linux/nfs4.h NFSPROC4_CLNT_*: LAYOUTGET comes before GETDEVICEINFO there.
const V4 = [
  'Null',
  'Read',
  'Write',
  'Commit',
  'Open',
  'OpenConfirm',
  'OpenNoattr',
  'OpenDowngrade',
  'Close',
  'Setattr',
  'FsInfo',
  'Renew',
  'SetClientID',
  'SetClientIDConfirm',
  'Lock',
  'Lockt',
  'Locku',
  'Access',
  'Getattr',
  'Lookup',
  'LookupRoot',
  'Remove',
  'Rename',
  'Link',
  'Symlink',
  'Create',
  'Pathconf',
  'StatFs',
  'ReadLink',
  'ReadDir',
  'ServerCaps',
  'DelegReturn',
  'GetACL',
  'SetACL',
  'FsLocations',
  'ReleaseLockowner',
  'Secinfo',
  'FsidPresent',
  'ExchangeID',
  'CreateSession',
  'DestroySession',
  'Sequence',
  'GetLeaseTime',
  'ReclaimComplete',
  'LayoutGet',
  'GetDeviceInfo',
  'LayoutCommit',
  'LayoutReturn',
  'SecinfoNoName',
  'TestStateID',
  'FreeStateID',
  'GetDeviceList',
  'BindConnToSession',
  'DestroyClientID',
  'Seek',
  'Allocate',
  'DeAllocate',
  'LayoutStats',
  'Clone',
];
const PROCEDURES: Record<string, { proto: string; names: string[] }> = {
  proc2: { proto: '2', names: V2 },
  proc3: { proto: '3', names: V3 },
  proc4: { proto: '4', names: V4 },
};

export interface NfsClientStats {
  net?: { udp: number; tcp: number; tcpConnections: number };
  rpc?: { calls: number; retransmissions: number; authRefreshes: number };
  requests: { proto: string; method: string; value: number }[];
}

export function parseNfsClient(text: string): NfsClientStats {
  const stats: NfsClientStats = { requests: [] };
  for (const line of text.split('\n')) {
    const [key, ...cols] = line.trim().split(/\s+/);
    if (!key) continue;
    if (!cols.length || !cols.every((c) => /^\d+$/.test(c)))
      throw new Error(`unexpected /proc/net/rpc/nfs line: ${JSON.stringify(line.slice(0, 80))} (expected a name and counters)`);
    const v = cols.map(Number);
    const want = (n: number) => {
      if (v.length !== n) throw new Error(`/proc/net/rpc/nfs "${key}" has ${v.length} counters, expected ${n}`);
    };
    if (key === 'net') {
      want(4);
      stats.net = { udp: v[1]!, tcp: v[2]!, tcpConnections: v[3]! };
    } else if (key === 'rpc') {
      want(3);
      stats.rpc = { calls: v[0]!, retransmissions: v[1]!, authRefreshes: v[2]! };
    } else if (PROCEDURES[key]) {
      const { proto, names } = PROCEDURES[key]!;
      const count = v[0]!;
      if (v.length - 1 !== count) throw new Error(`/proc/net/rpc/nfs "${key}" says ${count} procedures but has ${v.length - 1}`);
      // An older kernel counts fewer v4 procedures: those it lacks are left out, not served as 0.
      names.slice(0, count).forEach((method, i) => stats.requests.push({ proto, method, value: v[i + 1]! }));
    }
    // Any other line is a counter this collector does not serve (none today).
  }
  return stats;
}

export function nfsClientFamilies(s: NfsClientStats): MetricFamily[] {
  const one = (value: number | undefined): Sample[] => (value === undefined ? [] : [{ value }]);
  return [
    counter('node_nfs_connections_total', 'Total number of NFSd TCP connections.', one(s.net?.tcpConnections)),
    counter(
      'node_nfs_packets_total',
      'Total NFSd network packets (sent+received) by protocol type.',
      s.net
        ? [
            { labels: { protocol: 'tcp' }, value: s.net.tcp },
            { labels: { protocol: 'udp' }, value: s.net.udp },
          ]
        : [],
    ),
    counter(
      'node_nfs_requests_total',
      'Number of NFS procedures invoked.',
      s.requests.map((r) => ({ labels: { method: r.method, proto: r.proto }, value: r.value })),
    ),
    counter('node_nfs_rpc_authentication_refreshes_total', 'Number of RPC authentication refreshes performed.', one(s.rpc?.authRefreshes)),
    counter('node_nfs_rpc_retransmissions_total', 'Number of RPC transmissions performed.', one(s.rpc?.retransmissions)),
    counter('node_nfs_rpcs_total', 'Total number of RPCs performed.', one(s.rpc?.calls)),
  ];
}

export const nfsCollector: CollectorDefinition = {
  name: 'nfs',
  defaultEnabled: true,
  description: 'NFS client RPC and per-procedure counters from /proc/net/rpc/nfs (where the NFS client is loaded)',
  create: ({ paths }) => ({
    name: 'nfs',
    collect: () => {
      const text = readOptional(procPath(paths, 'net', 'rpc', 'nfs'));
      return text === undefined ? [] : nfsClientFamilies(parseNfsClient(text));
    },
  }),
};
