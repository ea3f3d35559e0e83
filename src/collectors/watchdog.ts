// /sys/class/watchdog/<name>/* (Documentation/ABI/testing/sysfs-class-watchdog): a driver
// shows only the attributes it supports, so a missing file is a reading left out; the
// text ones go into node_watchdog_info, empty where the driver lacks them, as upstream.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

const NUMERIC: [file: string, metric: string][] = [
  ['access_cs0', 'access_cs0'],
  ['bootstatus', 'bootstatus'],
  ['fw_version', 'fw_version'],
  ['nowayout', 'nowayout'],
  ['pretimeout', 'pretimeout_seconds'],
  ['timeleft', 'timeleft_seconds'],
  ['timeout', 'timeout_seconds'],
];
const INFO = ['identity', 'options', 'pretimeout_governor', 'state', 'status'];

export interface Watchdog {
  name: string;
  attrs: Map<string, string>;
}

export function readWatchdogs(root: string): Watchdog[] {
  return listDir(root)
    .sort()
    .map((name) => {
      const attrs = new Map<string, string>();
      for (const file of [...NUMERIC.map(([f]) => f), ...INFO]) {
        const v = readTrimmed(`${root}/${name}/${file}`);
        if (v !== undefined) attrs.set(file, v);
      }
      return { name, attrs };
    });
}

export function watchdogFamilies(watchdogs: Watchdog[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (watchdogs.length === 0) return [];
  const fams: MetricFamily[] = [];
  for (const [file, metric] of NUMERIC) {
    const samples: Sample[] = [];
    for (const w of watchdogs) {
      const raw = w.attrs.get(file);
      if (raw !== undefined) samples.push({ labels: { name: w.name }, value: integerIn(raw, `${w.name}/${file}`) });
    }
    fams.push(gauge(`node_watchdog_${metric}`, `Value of /sys/class/watchdog/<watchdog>/${file}`, samples));
  }
  fams.push(
    gauge(
      'node_watchdog_info',
      'Info of /sys/class/watchdog/<watchdog>',
      watchdogs.map((w) => ({
        labels: {
          identity: w.attrs.get('identity') ?? '',
          name: w.name,
          options: w.attrs.get('options') ?? '',
          pretimeout_governor: w.attrs.get('pretimeout_governor') ?? '',
          state: w.attrs.get('state') ?? '',
          status: w.attrs.get('status') ?? '',
        },
        value: 1,
      })),
    ),
  );
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const watchdogCollector: CollectorDefinition = {
  name: 'watchdog',
  defaultEnabled: true,
  description: 'Hardware watchdog timers from /sys/class/watchdog',
  create: ({ paths }) => ({ name: 'watchdog', collect: () => watchdogFamilies(readWatchdogs(sysPath(paths, 'class', 'watchdog'))) }),
};
