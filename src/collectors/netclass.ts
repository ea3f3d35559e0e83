// /sys/class/net/<iface>/*: one family per attribute, named and typed as node_exporter's
// netclass collector names them. An attribute the driver cannot answer (carrier or speed of
// a link that is down: EINVAL) is left out for that interface, as upstream does.
import { counter, gauge, type MetricFamily, type MetricType, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed, releaseKeptUnder } from './read.js';
import type { CollectorDefinition } from './types.js';

const NUMERIC: [file: string, metric: string, type: MetricType][] = [
  ['addr_assign_type', 'address_assign_type', 'gauge'],
  ['carrier', 'carrier', 'gauge'],
  ['carrier_changes', 'carrier_changes_total', 'counter'],
  ['carrier_up_count', 'carrier_up_changes_total', 'counter'],
  ['carrier_down_count', 'carrier_down_changes_total', 'counter'],
  ['dev_id', 'device_id', 'gauge'],
  ['dormant', 'dormant', 'gauge'],
  ['flags', 'flags', 'gauge'],
  ['ifindex', 'iface_id', 'gauge'],
  ['iflink', 'iface_link', 'gauge'],
  ['link_mode', 'iface_link_mode', 'gauge'],
  ['mtu', 'mtu_bytes', 'gauge'],
  ['name_assign_type', 'name_assign_type', 'gauge'],
  ['netdev_group', 'net_dev_group', 'gauge'],
  ['speed', 'speed_bytes', 'gauge'],
  ['tx_queue_len', 'transmit_queue_length', 'gauge'],
  ['type', 'protocol_type', 'gauge'],
];
const INFO = ['address', 'broadcast', 'duplex', 'ifalias', 'operstate'] as const;

export interface NetclassDevice {
  device: string;
  /** attribute file → its content, for the files that could be read */
  attrs: Map<string, string>;
}

/** sysfs writes flags and dev_id in hex ("0x1003"), the rest in decimal. */
function integer(text: string): number | undefined {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^-?\d+$/.test(text) ? Number(text) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function netclassFamilies(devices: NetclassDevice[]): MetricFamily[] {
  const fams: MetricFamily[] = [];
  const sorted = [...devices].sort((a, b) => (a.device < b.device ? -1 : 1));
  for (const [file, metric, type] of NUMERIC) {
    const samples: Sample[] = [];
    for (const d of sorted) {
      const raw = d.attrs.get(file);
      let v = raw === undefined ? undefined : integer(raw);
      if (v === undefined) continue;
      if (file === 'speed') v = (v * 1000 * 1000) / 8; // Mbit/s → bytes/s; -1 (unknown) stays negative, as upstream
      samples.push({ labels: { device: d.device }, value: v });
    }
    if (!samples.length) continue;
    const name = `node_network_${metric}`;
    const help = `Network device property: ${metric}`;
    fams.push(type === 'counter' ? counter(name, help, samples) : gauge(name, help, samples));
  }
  fams.push(
    gauge(
      'node_network_info',
      'Non-numeric data from /sys/class/net/<iface>, value is always 1.',
      sorted.map((d) => ({
        labels: { device: d.device, ...Object.fromEntries(INFO.map((k) => [k, d.attrs.get(k) ?? ''])) },
        value: 1,
      })),
    ),
  );
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const FILES = [...NUMERIC.map(([f]) => f).filter((f) => f !== 'ifindex' && f !== 'flags'), ...INFO.filter((f) => f !== 'operstate')];

/** What is remembered of an interface between scrapes. */
export interface KnownInterface {
  index: string;
  /** flags and operstate when `unreadable` was found; a change of either makes it stale. */
  state: string;
  /** Attributes the driver refused (EINVAL: carrier or speed of a link that is down). */
  unreadable: Set<string>;
}

function tryRead(path: string, keep = true): string | undefined {
  try {
    return readTrimmed(path, keep);
  } catch {
    return undefined;
  }
}

/**
 * Reads every attribute of every interface. The ~20 files of an interface are kept open
 * between scrapes (a fresh open of each cost over a millisecond a scrape on a 4-interface
 * host), which is only right while the name still belongs to the same kernel object: a kept
 * descriptor follows the object through a rename. So each scrape reads the interface index
 * afresh, and when a name's index changed, that name's kept files are closed and reopened.
 * Attributes the driver refuses are not asked again until the link's flags or operstate
 * change (a link coming up is what makes carrier and speed readable): each refusal is an
 * exception, and they were most of the collector's cost on hosts with down interfaces.
 */
export function readNetclass(root: string, known: Map<string, KnownInterface> = new Map()): NetclassDevice[] {
  const out: NetclassDevice[] = [];
  const seen = new Set<string>();
  for (const device of listDir(root)) {
    const attrs = new Map<string, string>();
    const dir = `${root}/${device}`;
    const index = tryRead(`${dir}/ifindex`, false);
    if (index === undefined) continue; // gone between the listing and the read
    seen.add(device);
    let k = known.get(device);
    if (!k || k.index !== index) {
      releaseKeptUnder(dir);
      k = { index, state: '', unreadable: new Set() };
      known.set(device, k);
    }
    attrs.set('ifindex', index);
    const flags = tryRead(`${dir}/flags`);
    const operstate = tryRead(`${dir}/operstate`);
    if (flags !== undefined) attrs.set('flags', flags);
    if (operstate !== undefined) attrs.set('operstate', operstate);
    const state = `${flags}/${operstate}`;
    if (k.state !== state) {
      k.state = state;
      k.unreadable.clear();
    }
    for (const file of FILES) {
      if (k.unreadable.has(file)) continue;
      let v: string | undefined;
      try {
        v = readTrimmed(`${dir}/${file}`);
      } catch {
        // EINVAL from a link that is down, or the interface went away mid-read: leave it out.
        k.unreadable.add(file);
        continue;
      }
      if (v !== undefined) attrs.set(file, v);
    }
    out.push({ device, attrs });
  }
  for (const device of known.keys()) {
    if (seen.has(device)) continue;
    releaseKeptUnder(`${root}/${device}`);
    known.delete(device);
  }
  return out;
}

export const netclassCollector: CollectorDefinition = {
  name: 'netclass',
  defaultEnabled: true,
  description: 'Network interface attributes from /sys/class/net (node_network_info, speed, MTU, carrier)',
  create: ({ paths }) => {
    const known = new Map<string, KnownInterface>();
    return { name: 'netclass', collect: () => netclassFamilies(readNetclass(sysPath(paths, 'class', 'net'), known)) };
  },
};
