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
 * led by the protocol ("TcpExt: SyncookiesSent ..." / "TcpExt: 0 ..."), read for the fields
 * `keep` admits only. The kernel lists some 300 fields and
 * node_exporter's filter keeps about 40; which columns those are is worked out once per
 * distinct header line (the header is the same on every read), so a scrape converts only the
 * kept values.
 */
interface Columns {
  count: number;
  protocol: string;
  prefix: string;
  cols: { at: number; name: string }[];
}
// Per filter, then per header line, so two callers with different filters never share columns.
const columnsOf = new WeakMap<RegExp, Map<string, Columns>>();

// Where each whitespace-separated field of a line starts and ends, in a buffer reused across
// scrapes: TcpExt's value line has over a hundred fields of which the filter keeps a handful,
// and splitting it into strings was most of this collector's garbage.
let bounds = new Int32Array(512);

function fieldBounds(line: string): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  while (i < len) {
    while (i < len && isBlank(line.charCodeAt(i))) i++;
    if (i >= len) break;
    const start = i;
    while (i < len && !isBlank(line.charCodeAt(i))) i++;
    if (2 * n + 1 >= bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[2 * n] = start;
    bounds[2 * n + 1] = i;
    n++;
  }
  return n;
}

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const field = (line: string, k: number): string => line.slice(bounds[2 * k], bounds[2 * k + 1]);

export function parsePairedKept(text: string, keep: RegExp): NetstatField[] {
  const out: NetstatField[] = [];
  const lines = text.split('\n');
  let known = columnsOf.get(keep);
  if (!known) columnsOf.set(keep, (known = new Map()));
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const header = lines[i]!;
    let h = known.get(header);
    if (!h) {
      const names = header.trim().split(/\s+/);
      const protocol = names[0]?.replace(/:$/, '') ?? '';
      const cols: { at: number; name: string }[] = [];
      for (let k = 1; k < names.length; k++) if (keep.test(`${protocol}_${names[k]}`)) cols.push({ at: k, name: names[k]! });
      h = { count: names.length, protocol, prefix: `${protocol}:`, cols };
      if (known.size < 64) known.set(header, h);
    }
    const values = lines[i + 1]!;
    const count = fieldBounds(values);
    if (count !== h.count || bounds[1]! - bounds[0]! !== h.prefix.length || !values.startsWith(h.prefix, bounds[0])) {
      throw new Error(`unexpected netstat layout at line ${i + 1}: ${JSON.stringify(header.slice(0, 60))}`);
    }
    for (const c of h.cols) {
      const raw = field(values, c.at);
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new Error(`non-numeric ${h.protocol} ${c.name}: ${JSON.stringify(raw)}`);
      out.push({ protocol: h.protocol, name: c.name, value });
    }
  }
  return out;
}

/**
 * /proc/net/snmp6: "Ip6InOctets  123" per line; the protocol is the name up to its "6". With
 * `keep`, only the fields it admits are converted (which those are is remembered per name).
 */
export function parseSnmp6(text: string, keep?: RegExp): NetstatField[] {
  const out: NetstatField[] = [];
  for (const line of text.split('\n')) {
    if (fieldBounds(line) < 2) continue;
    const key = field(line, 0);
    const named = snmp6Name(key, keep);
    if (!named) continue;
    const raw = field(line, 1);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`non-numeric snmp6 ${key}: ${JSON.stringify(raw)}`);
    out.push({ protocol: named.protocol, name: named.name, value });
  }
  return out;
}

// Per filter, so two callers with different filters never share a decision.
const snmp6Names = new WeakMap<RegExp, Map<string, { protocol: string; name: string } | null>>();

function snmp6Name(key: string, keep: RegExp | undefined): { protocol: string; name: string } | undefined {
  const six = key.indexOf('6');
  if (six < 0) return undefined;
  if (!keep) return { protocol: key.slice(0, six + 1), name: key.slice(six + 1) };
  let names = snmp6Names.get(keep);
  if (!names) snmp6Names.set(keep, (names = new Map()));
  let named = names.get(key);
  if (named === undefined) {
    const protocol = key.slice(0, six + 1);
    const name = key.slice(six + 1);
    named = keep.test(`${protocol}_${name}`) ? { protocol, name } : null;
    if (names.size < MAX_DECIDED) names.set(key, named);
  }
  return named ?? undefined;
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
      if (six !== undefined) fields.push(...parseSnmp6(six, KEEP));
      return netstatFamilies(fields, KEEP);
    },
  }),
};
