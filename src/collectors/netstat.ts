// node_exporter's netstat collector: /proc/net/netstat, snmp and snmp6 as node_netstat_<Proto>_<Field>,
// filtered to the fields dashboards read.
import { untyped, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

// node_exporter's default field filter: the counters dashboards and the node-mixin read (the
// kernel has some 300 more, mostly never looked at).
export const DEFAULT_NETSTAT_FIELDS =
  '^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$';

export interface NetstatField {
  protocol: string;
  name: string;
  value: number;
}

/**
 * /proc/net/netstat and /proc/net/snmp: a line of field names then a line of values, both
 * led by the protocol ("TcpExt: SyncookiesSent ..." / "TcpExt: 0 ...").
 */
export function parsePairedLines(text: string): NetstatField[] {
  const out: NetstatField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i]!.trim().split(/\s+/);
    const values = lines[i + 1]!.trim().split(/\s+/);
    const protocol = names[0]?.replace(/:$/, '');
    if (!protocol || values[0] !== names[0] || names.length !== values.length) {
      throw new Error(`unexpected netstat layout at line ${i + 1}: ${JSON.stringify(lines[i]!.slice(0, 60))}`);
    }
    for (let k = 1; k < names.length; k++) {
      const value = Number(values[k]);
      if (!Number.isFinite(value)) throw new Error(`non-numeric ${protocol} ${names[k]}: ${JSON.stringify(values[k])}`);
      out.push({ protocol, name: names[k]!, value });
    }
  }
  return out;
}

/**
 * parsePairedLines for the fields `keep` admits only. The kernel lists some 300 fields and
 * node_exporter's filter keeps about 40; which columns those are is worked out once per
 * distinct header line (the header is the same on every read), so a scrape converts only the
 * kept values.
 */
const columnsOf = new Map<string, { count: number; protocol: string; cols: { at: number; name: string }[] }>();

export function parsePairedKept(text: string, keep: RegExp): NetstatField[] {
  const out: NetstatField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const header = lines[i]!;
    let h = columnsOf.get(header);
    if (!h) {
      const names = header.trim().split(/\s+/);
      const protocol = names[0]?.replace(/:$/, '') ?? '';
      const cols: { at: number; name: string }[] = [];
      for (let k = 1; k < names.length; k++) if (keep.test(`${protocol}_${names[k]}`)) cols.push({ at: k, name: names[k]! });
      h = { count: names.length, protocol, cols };
      if (columnsOf.size < 64) columnsOf.set(header, h);
    }
    const values = lines[i + 1]!.trim().split(/\s+/);
    if (values[0] !== `${h.protocol}:` || values.length !== h.count) {
      throw new Error(`unexpected netstat layout at line ${i + 1}: ${JSON.stringify(header.slice(0, 60))}`);
    }
    for (const c of h.cols) {
      const value = Number(values[c.at]);
      if (!Number.isFinite(value)) throw new Error(`non-numeric ${h.protocol} ${c.name}: ${JSON.stringify(values[c.at])}`);
      out.push({ protocol: h.protocol, name: c.name, value });
    }
  }
  return out;
}

/** /proc/net/snmp6: "Ip6InOctets  123" per line; the protocol is the name up to its "6". */
export function parseSnmp6(text: string): NetstatField[] {
  const out: NetstatField[] = [];
  for (const line of text.split('\n')) {
    const [key, raw] = line.trim().split(/\s+/);
    if (!key || raw === undefined) continue;
    const six = key.indexOf('6');
    if (six < 0) continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`non-numeric snmp6 ${key}: ${JSON.stringify(raw)}`);
    out.push({ protocol: key.slice(0, six + 1), name: key.slice(six + 1), value });
  }
  return out;
}

// The kernel's ~300 field names are the same on every read: whether each is kept, and its
// family name and help, are worked out once (undefined: left out by the filter).
const decided = new Map<string, { name: string; help: string } | undefined>();
const MAX_DECIDED = 4096;

function familyOf(f: NetstatField, keep: RegExp): { name: string; help: string } | undefined {
  const key = `${f.protocol}_${f.name}`;
  if (decided.has(key)) return decided.get(key);
  const out = keep.test(key) ? { name: `node_netstat_${key}`, help: `Statistic ${f.protocol}${f.name}.` } : undefined;
  if (decided.size < MAX_DECIDED) decided.set(key, out);
  return out;
}

export function netstatFamilies(fields: NetstatField[], keep: RegExp): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const f of fields) {
    const fam = familyOf(f, keep);
    if (fam) byName.set(fam.name, untyped(fam.name, fam.help, [{ value: f.value }]));
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

const KEEP = new RegExp(DEFAULT_NETSTAT_FIELDS);

export const netstatCollector: CollectorDefinition = {
  name: 'netstat',
  defaultEnabled: true,
  description: 'Network statistics from /proc/net/netstat, snmp and snmp6',
  create: ({ paths }) => ({
    name: 'netstat',
    collect: () => {
      const fields: NetstatField[] = [];
      for (const file of ['netstat', 'snmp']) {
        const text = readOptional(procPath(paths, 'net', file));
        if (text !== undefined) fields.push(...parsePairedKept(text, KEEP));
      }
      const six = readOptional(procPath(paths, 'net', 'snmp6'));
      if (six !== undefined) fields.push(...parseSnmp6(six));
      return netstatFamilies(fields, KEEP);
    },
  }),
};
