// node_exporter's time collector: the clock, the zone's offset and name (timezone.ts), and the
// clock sources the kernel offers.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { zoneAbbreviation } from './timezone.js';
import { readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export function timeFamilies(now: Date, zone: string, clocksource: { available?: string; current?: string }): MetricFamily[] {
  const available: Sample[] = (clocksource.available ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .sort()
    .map((c) => ({ labels: { clocksource: c, device: '0' }, value: 1 }));
  const current: Sample[] = clocksource.current ? [{ labels: { clocksource: clocksource.current, device: '0' }, value: 1 }] : [];
  return [
    gauge('node_time_clocksource_available_info', "Available clocksources read from '/sys/devices/system/clocksource'.", available),
    gauge('node_time_clocksource_current_info', "Current clocksource read from '/sys/devices/system/clocksource'.", current),
    gauge('node_time_seconds', 'System time in seconds since epoch (1970).', [{ value: now.getTime() / 1000 }]),
    gauge('node_time_zone_offset_seconds', 'System time zone offset in seconds.', [
      {
        labels: { time_zone: zone },
        value: -now.getTimezoneOffset() * 60,
      },
    ]),
  ];
}

export const timeCollector: CollectorDefinition = {
  name: 'time',
  defaultEnabled: true,
  description: 'System clock, time zone and clock source',
  create: ({ paths }) => ({
    name: 'time',
    collect: () => {
      const dir = sysPath(paths, 'devices/system/clocksource/clocksource0');
      const cs: { available?: string; current?: string } = {};
      const a = readTrimmed(`${dir}/available_clocksource`);
      const c = readTrimmed(`${dir}/current_clocksource`);
      if (a !== undefined) cs.available = a;
      if (c !== undefined) cs.current = c;
      const now = new Date();
      return timeFamilies(now, zoneAbbreviation(now, paths.rootfs), cs);
    },
  }),
};
