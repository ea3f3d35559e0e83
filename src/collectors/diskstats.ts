// node_exporter's diskstats collector: /proc/diskstats in node_disk_* units (bytes, seconds),
// with udev's database under the rootfs for node_disk_info's labels; partitions, ram and loop
// devices are excluded by default.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { deviceFilter } from './device-filter.js';
import { procPath, rootPath } from './paths.js';
import { readParsed, readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export const DEFAULT_DISK_EXCLUDE = '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';
const SECTOR = 512;

export interface DiskstatsOptions {
  device_exclude?: string;
  device_include?: string;
}

export interface DiskLine {
  major: string;
  minor: string;
  device: string;
  fields: number[];
}

/**
 * Parses /proc/diskstats, splitting only the lines whose device passes `keep`: a host with
 * dozens of loop and partition devices would otherwise allocate every one of their fields
 * on every scrape only to drop them.
 */
export function parseDiskstats(text: string, keep: (device: string) => boolean = () => true): DiskLine[] {
  const out: DiskLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s/.exec(line);
    if (!m || !keep(m[3]!)) continue;
    const f = line.slice(m[0].length).trim().split(/\s+/);
    if (f.length < 11) continue;
    // A NaN counter is invalid OpenMetrics: a field that is not a whole number fails the collector.
    const bad = f.findIndex((x) => !/^\d+$/.test(x));
    if (bad >= 0) throw new Error(`diskstats ${m[3]} field ${bad + 1} is ${JSON.stringify(f[bad]!.slice(0, 40))}, not a whole number`);
    out.push({ major: m[1]!, minor: m[2]!, device: m[3]!, fields: f.map(Number) });
  }
  return out;
}

// Column index in /proc/diskstats (after major, minor, name) → metric. Time columns are ms.
const COLUMNS: { i: number; name: string; help: string; type: 'counter' | 'gauge'; scale: number }[] = [
  { i: 0, name: 'node_disk_reads_completed_total', help: 'The total number of reads completed successfully.', type: 'counter', scale: 1 },
  { i: 1, name: 'node_disk_reads_merged_total', help: 'The total number of reads merged.', type: 'counter', scale: 1 },
  { i: 2, name: 'node_disk_read_bytes_total', help: 'The total number of bytes read successfully.', type: 'counter', scale: SECTOR },
  {
    i: 3,
    name: 'node_disk_read_time_seconds_total',
    help: 'The total number of seconds spent by all reads.',
    type: 'counter',
    scale: 0.001,
  },
  { i: 4, name: 'node_disk_writes_completed_total', help: 'The total number of writes completed successfully.', type: 'counter', scale: 1 },
  { i: 5, name: 'node_disk_writes_merged_total', help: 'The number of writes merged.', type: 'counter', scale: 1 },
  { i: 6, name: 'node_disk_written_bytes_total', help: 'The total number of bytes written successfully.', type: 'counter', scale: SECTOR },
  {
    i: 7,
    name: 'node_disk_write_time_seconds_total',
    help: 'This is the total number of seconds spent by all writes.',
    type: 'counter',
    scale: 0.001,
  },
  { i: 8, name: 'node_disk_io_now', help: 'The number of I/Os currently in progress.', type: 'gauge', scale: 1 },
  { i: 9, name: 'node_disk_io_time_seconds_total', help: 'Total seconds spent doing I/Os.', type: 'counter', scale: 0.001 },
  {
    i: 10,
    name: 'node_disk_io_time_weighted_seconds_total',
    help: 'The weighted # of seconds spent doing I/Os.',
    type: 'counter',
    scale: 0.001,
  },
  {
    i: 11,
    name: 'node_disk_discards_completed_total',
    help: 'The total number of discards completed successfully.',
    type: 'counter',
    scale: 1,
  },
  { i: 12, name: 'node_disk_discards_merged_total', help: 'The total number of discards merged.', type: 'counter', scale: 1 },
  {
    i: 13,
    name: 'node_disk_discarded_sectors_total',
    help: 'The total number of sectors discarded successfully.',
    type: 'counter',
    scale: 1,
  },
  {
    i: 14,
    name: 'node_disk_discard_time_seconds_total',
    help: 'This is the total number of seconds spent by all discards.',
    type: 'counter',
    scale: 0.001,
  },
  {
    i: 15,
    name: 'node_disk_flush_requests_total',
    help: 'The total number of flush requests completed successfully',
    type: 'counter',
    scale: 1,
  },
  {
    i: 16,
    name: 'node_disk_flush_requests_time_seconds_total',
    help: 'This is the total number of seconds spent by all flush requests.',
    type: 'counter',
    scale: 0.001,
  },
];

const UDEV_KEYS: [string, string][] = [
  ['path', 'ID_PATH'],
  ['wwn', 'ID_WWN'],
  ['model', 'ID_MODEL'],
  ['serial', 'ID_SERIAL_SHORT'],
  ['revision', 'ID_REVISION'],
];

export function parseUdev(text: string | undefined): Record<string, string> {
  const props: Record<string, string> = {};
  if (!text) return props;
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue;
    const eq = line.indexOf('=');
    if (eq > 2) props[line.slice(2, eq)] = line.slice(eq + 1);
  }
  return props;
}

const NO_PROPS: Record<string, string> = {};
const udevProps = (file: Buffer) => parseUdev(file.toString('utf8'));

export function diskstatsFamilies(lines: DiskLine[], udev: (d: DiskLine) => Record<string, string>): MetricFamily[] {
  const perColumn = COLUMNS.map(() => [] as Sample[]);
  const info: Sample[] = [];
  for (const d of lines) {
    const labels = { device: d.device };
    COLUMNS.forEach((c, k) => {
      const v = d.fields[c.i];
      if (v !== undefined && Number.isFinite(v)) perColumn[k]!.push({ labels, value: v * c.scale });
    });
    const u = udev(d);
    const infoLabels: Record<string, string> = { device: d.device, major: d.major, minor: d.minor };
    for (const [label, key] of UDEV_KEYS) infoLabels[label] = u[key] ?? '';
    info.push({ labels: infoLabels, value: 1 });
  }
  const fams = COLUMNS.map((c, k) => (c.type === 'counter' ? counter(c.name, c.help, perColumn[k]) : gauge(c.name, c.help, perColumn[k])));
  fams.push(gauge('node_disk_info', 'Info of /sys/block/<block_device>.', info));
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const diskstatsCollector: CollectorDefinition<DiskstatsOptions> = {
  name: 'diskstats',
  defaultEnabled: true,
  description: 'Disk I/O statistics from /proc/diskstats',
  create: ({ options, paths }) => {
    const keep = deviceFilter('diskstats', options?.device_include, options?.device_exclude, DEFAULT_DISK_EXCLUDE);
    return {
      name: 'diskstats',
      collect: () => {
        const lines = parseDiskstats(readText(procPath(paths, 'diskstats')), keep);
        // udev's database changes when a device does; a stat tells whether to parse it again
        // and, unlike a failed open, costs no exception when the device has no entry.
        return diskstatsFamilies(
          lines,
          (d) => readParsed(rootPath(paths, 'run/udev/data', `b${d.major}:${d.minor}`), udevProps) ?? NO_PROPS,
        );
      },
    };
  },
};
