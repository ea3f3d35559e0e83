// The text forms of OpenZFS's kstats under /proc/spl/kstat/zfs (module/os/linux/spl/spl-kstat.c).
// A named kstat (arcstats, an objset-0x36) is a header line, then "name type data", then one
// line per value: its name, its KSTAT_DATA_* type number and the value. An I/O kstat (a pool's
// io) is a header line, a line of column names and one line of counters.

/** KSTAT_DATA_INT64 and KSTAT_DATA_UINT64: the value types node_exporter serves. */
const INT64 = '3';
const UINT64 = '4';
/** KSTAT_DATA_STRING, used for an objset's dataset_name. */
const STRING = '7';

export interface KstatValue {
  name: string;
  value: number;
}

function valueOf(type: string, data: string, where: string, lineNo: number, name: string): number {
  const ok = type === UINT64 ? /^\d+$/.test(data) : /^-?\d+$/.test(data);
  if (!ok) {
    throw new Error(
      `${where} line ${lineNo}: "${name}" is of type ${type} (${type === UINT64 ? 'unsigned' : 'signed'} 64-bit integer) but holds ${JSON.stringify(data.slice(0, 40))}`,
    );
  }
  return Number(data);
}

function afterHeader(text: string, where: string): { lines: string[]; first: number } {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^name\s+type\s+data\s*$/.test(l.trim()));
  if (header < 0) throw new Error(`${where}: no "name type data" line, so not a named kstat`);
  return { lines, first: header + 1 };
}

/**
 * The integer values of a named kstat, in file order. signed: also the int64 ones (the ARC's
 * memory_available_bytes can be negative), as node_exporter does for these files but not for
 * an objset's. Values of other types (strings, ...) are left out.
 */
export function parseNamedKstat(text: string, where: string, signed: boolean): KstatValue[] {
  const { lines, first } = afterHeader(text, where);
  const out: KstatValue[] = [];
  for (let i = first; i < lines.length; i++) {
    const [name, type, data] = lines[i]!.trim().split(/\s+/);
    if (name === undefined || type === undefined || data === undefined) continue;
    if (type !== UINT64 && !(signed && type === INT64)) continue;
    out.push({ name, value: valueOf(type, data, where, i + 1, name) });
  }
  return out;
}

/** An objset-0x… kstat: the dataset it counts for, and its counters. */
export function parseObjset(text: string, where: string): { dataset: string; values: KstatValue[] } {
  const { lines, first } = afterHeader(text, where);
  for (let i = first; i < lines.length; i++) {
    // The name may hold spaces ("tank/my data"): everything after the type column is the name.
    const m = /^\s*dataset_name\s+(\d+)\s+(.+?)\s*$/.exec(lines[i]!);
    if (m && m[1] === STRING) return { dataset: m[2]!, values: parseNamedKstat(text, where, false) };
  }
  throw new Error(`${where}: no "dataset_name ${STRING} <name>" line`);
}

/** A pool's io kstat: column name → counter, from the line after the "nread nwritten ..." line. */
export function parsePoolIo(text: string, where: string): KstatValue[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.trim().startsWith('nread'));
  const names = header < 0 ? [] : lines[header]!.trim().split(/\s+/);
  if (names.length < 12) throw new Error(`${where}: no "nread nwritten reads writes ..." line of 12 columns`);
  const values = (lines[header + 1] ?? '').trim().split(/\s+/);
  if (values.length < names.length || !values.every((v) => /^\d+$/.test(v))) {
    throw new Error(
      `${where} line ${header + 2}: expected ${names.length} counters under "${names.join(' ')}", got ${JSON.stringify((lines[header + 1] ?? '').slice(0, 120))}`,
    );
  }
  return names.map((name, i) => ({ name, value: Number(values[i]) }));
}
