// /sys/class/scsi_tape/st<N>/stats (Documentation/scsi/st.rst, Linux 4.2+): per SCSI tape
// drive its reads, writes and other commands, bytes moved, time spent in nanoseconds and
// I/Os in flight. Only the st<N> devices: nst<N> and the st<N>l/m/a mode variants are the
// same drive again.
import { counter, gauge, type MetricFamily } from '../metrics/model.js';
import { deviceFilter } from './device-filter.js';
import { sysPath } from './paths.js';
import { listDir } from './read.js';
import { readInteger } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

export interface TapestatsOptions {
  /** node_exporter's --collector.tapestats.ignored-devices. */
  device_exclude?: string;
}

/** [stats file, metric, help, scale] */
const FIELDS: [file: string, metric: string, help: string, scale?: number][] = [
  ['in_flight', 'io_now', 'The number of I/Os currently outstanding to this device.'],
  [
    'io_ns',
    'io_time_seconds_total',
    'The amount of time spent waiting for all I/O to complete (including read and write). This includes tape movement commands such as seeking between file or set marks and implicit tape movement such as when rewind on close tape devices are used.',
    1e-9,
  ],
  [
    'other_cnt',
    'io_others_total',
    'The number of I/Os issued to the tape drive other than read or write commands. The time taken to complete these commands uses the following calculation io_time_seconds_total-read_time_seconds_total-write_time_seconds_total',
  ],
  ['read_byte_cnt', 'read_bytes_total', 'The number of bytes read from the tape drive.'],
  ['read_cnt', 'reads_completed_total', 'The number of read requests issued to the tape drive.'],
  ['read_ns', 'read_time_seconds_total', 'The amount of time spent waiting for read requests to complete.', 1e-9],
  [
    'resid_cnt',
    'residual_total',
    'The number of times during a read or write we found the residual amount to be non-zero. This should mean that a program is issuing a read larger thean the block size on tape. For write not all data made it to tape.',
  ],
  ['write_byte_cnt', 'written_bytes_total', 'The number of bytes written to the tape drive.'],
  ['write_cnt', 'writes_completed_total', 'The number of write requests issued to the tape drive.'],
  ['write_ns', 'write_time_seconds_total', 'The amount of time spent waiting for write requests to complete.', 1e-9],
];

export interface Tape {
  device: string;
  /** stats file → value, for the files there are. */
  stats: Map<string, number>;
}

export function readTapes(root: string, keep: (device: string) => boolean): Tape[] {
  return listDir(root)
    .filter((d) => /^st\d+$/.test(d) && keep(d))
    .sort()
    .map((device) => {
      const dir = `${root}/${device}/stats`;
      if (!listDir(`${root}/${device}`).includes('stats'))
        throw new Error(`tapestats ${device} has no stats directory (a kernel before 4.2?)`);
      const stats = new Map<string, number>();
      for (const [file] of FIELDS) {
        const v = readInteger(`${dir}/${file}`, `tapestats ${device}/stats/${file}`);
        if (v !== undefined) stats.set(file, v);
      }
      return { device, stats };
    });
}

export function tapeFamilies(tapes: Tape[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (tapes.length === 0) return [];
  return FIELDS.map(([file, metric, help, scale]) =>
    (metric === 'io_now' ? gauge : counter)(
      `node_tape_${metric}`,
      help,
      tapes.flatMap((t) => {
        const v = t.stats.get(file);
        return v === undefined ? [] : [{ labels: { device: t.device }, value: scale ? v * scale : v }];
      }),
    ),
  );
}

export const tapestatsCollector: CollectorDefinition<TapestatsOptions> = {
  name: 'tapestats',
  defaultEnabled: true,
  description: 'SCSI tape drive I/O statistics from /sys/class/scsi_tape (where the host has tape drives)',
  create: ({ options, paths }) => {
    const keep = deviceFilter('tapestats', undefined, options?.device_exclude, undefined);
    return { name: 'tapestats', collect: () => tapeFamilies(readTapes(sysPath(paths, 'class', 'scsi_tape'), keep)) };
  },
};
