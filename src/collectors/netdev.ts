// node_exporter's netdev collector: per-interface receive/transmit counters from /proc/net/dev
// (lo excluded by default), with node_network_info's labels from /sys/class/net.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { deviceFilter } from './device-filter.js';
import { procPath, sysPath } from './paths.js';
import { listDir, readText, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export const DEFAULT_NETDEV_EXCLUDE = '^lo$';

export interface NetdevOptions {
  device_exclude?: string;
  device_include?: string;
}

const RECEIVE = ['bytes', 'packets', 'errs', 'drop', 'fifo', 'frame', 'compressed', 'multicast'];
const TRANSMIT = ['bytes', 'packets', 'errs', 'drop', 'fifo', 'colls', 'carrier', 'compressed'];

export interface NetdevLine {
  device: string;
  receive: number[];
  transmit: number[];
}

export function parseNetdev(text: string): NetdevLine[] {
  const out: NetdevLine[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const device = line.slice(0, colon).trim();
    const nums = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (nums.length < 16 || nums.some((n) => !Number.isFinite(n))) continue;
    out.push({ device, receive: nums.slice(0, 8), transmit: nums.slice(8, 16) });
  }
  return out;
}

// Names and help texts made once: they are the same on every scrape.
const COLUMNS = (['receive', 'transmit'] as const).flatMap((dir) =>
  (dir === 'receive' ? RECEIVE : TRANSMIT).map((field, i) => ({
    dir,
    i,
    name: `node_network_${dir}_${field}_total`,
    help: `Network device statistic ${dir}_${field}.`,
  })),
);

/**
 * noHandler: packets dropped for want of a protocol handler, per device. /proc/net/dev has no
 * such column; node_exporter gets it over netlink, vigil from sysfs (same kernel counter).
 */
export function netdevFamilies(
  lines: NetdevLine[],
  operstates: Map<string, string>,
  noHandler = new Map<string, number>(),
): MetricFamily[] {
  const fams: MetricFamily[] = [];
  const labels = lines.map((l) => ({ device: l.device }));
  for (const c of COLUMNS) {
    fams.push(
      counter(
        c.name,
        c.help,
        lines.map((l, k) => ({ labels: labels[k]!, value: l[c.dir][c.i]! })),
      ),
    );
  }
  const dropped: Sample[] = [];
  lines.forEach((l, k) => {
    const v = noHandler.get(l.device);
    if (v !== undefined) dropped.push({ labels: labels[k]!, value: v });
  });
  fams.push(counter('node_network_receive_nohandler_total', 'Network device statistic receive_nohandler.', dropped));
  // node_network_up follows node_exporter's netclass: every interface in sysfs, 1 when operstate is "up".
  const up: Sample[] = [...operstates.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([device, state]) => ({ labels: { device }, value: state === 'up' ? 1 : 0 }));
  fams.push(gauge('node_network_up', "Value is 1 if operstate is 'up', 0 otherwise.", up));
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function perDevice(read: () => string | undefined): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function readOperstates(sysfs: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const dev of listDir(`${sysfs}/class/net`)) {
    // Interface names can be reassigned (renames, veth pairs), so these are opened afresh.
    const s = perDevice(() => readTrimmed(`${sysfs}/class/net/${dev}/operstate`, false));
    if (s !== undefined) states.set(dev, s);
  }
  return states;
}

export function readNoHandler(sysfs: string, devices: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const dev of devices) {
    // Opened afresh like operstate: an interface name can be reassigned. An interface being
    // unregistered answers EINVAL here for a moment; it is left out rather than failing the
    // whole collector.
    const t = perDevice(() => readTrimmed(`${sysfs}/class/net/${dev}/statistics/rx_nohandler`, false));
    const v = t === undefined ? NaN : Number(t);
    if (t !== '' && Number.isFinite(v)) counts.set(dev, v);
  }
  return counts;
}

export const netdevCollector: CollectorDefinition<NetdevOptions> = {
  name: 'netdev',
  defaultEnabled: true,
  description: 'Network interface counters from /proc/net/dev and link state from /sys/class/net',
  create: ({ options, paths }) => {
    const keep = deviceFilter('netdev', options?.device_include, options?.device_exclude, DEFAULT_NETDEV_EXCLUDE);
    return {
      name: 'netdev',
      collect: () => {
        const lines = parseNetdev(readText(procPath(paths, 'net/dev')))
          .filter((l) => keep(l.device))
          .sort((a, b) => (a.device < b.device ? -1 : 1));
        const sysfs = sysPath(paths);
        return netdevFamilies(
          lines,
          readOperstates(sysfs),
          readNoHandler(
            sysfs,
            lines.map((l) => l.device),
          ),
        );
      },
    };
  },
};
