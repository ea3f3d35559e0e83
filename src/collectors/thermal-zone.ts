// /sys/class/thermal (Documentation/driver-api/thermal/sysfs-api.rst): thermal_zoneN/{type,temp}
// with temp in millidegrees Celsius, and cooling_deviceN/{type,cur_state,max_state}.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn, isNotAnswered, numbered } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

export interface ThermalZone {
  zone: string;
  type: string;
  temp: string;
}

export interface CoolingDevice {
  name: string;
  type: string;
  curState: string;
  maxState: string;
}

/**
 * A zone switched off (mode "disabled") or one whose driver cannot answer now (a sensor
 * behind a sleeping device gives ENODATA or EAGAIN, a flaky one EIO) is left out, as upstream
 * leaves out a zone on any read error; a zone that answers with something that is not a
 * number fails the collector.
 */
function readAnswered(path: string): string | undefined {
  try {
    return readTrimmed(path);
  } catch (err) {
    if (isNotAnswered(err) || (err as NodeJS.ErrnoException).code === 'EIO') return undefined;
    throw err;
  }
}

export function readThermal(root: string): { zones: ThermalZone[]; devices: CoolingDevice[] } {
  const entries = listDir(root);
  const zones: ThermalZone[] = [];
  for (const { entry, number } of numbered(entries, 'thermal_zone')) {
    const dir = `${root}/${entry}`;
    if (readAnswered(`${dir}/mode`) === 'disabled') continue;
    const type = readAnswered(`${dir}/type`);
    const temp = readAnswered(`${dir}/temp`);
    if (type === undefined || temp === undefined) continue;
    zones.push({ zone: number, type, temp });
  }
  const devices: CoolingDevice[] = [];
  for (const { entry, number } of numbered(entries, 'cooling_device')) {
    const dir = `${root}/${entry}`;
    const type = readAnswered(`${dir}/type`);
    const curState = readAnswered(`${dir}/cur_state`);
    const maxState = readAnswered(`${dir}/max_state`);
    if (type === undefined || curState === undefined || maxState === undefined) continue;
    devices.push({ name: number, type, curState, maxState });
  }
  return { zones, devices };
}

export function thermalFamilies(zones: ThermalZone[], devices: CoolingDevice[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (zones.length === 0 && devices.length === 0) return [];
  return [
    // cur_state is -1 for a device that does not know (intel_powerclamp), which is kept, as upstream.
    gauge(
      'node_cooling_device_cur_state',
      'Current throttle state of the cooling device',
      devices.map((d) => ({
        labels: { name: d.name, type: d.type },
        value: integerIn(d.curState, `cooling_device${d.name}/cur_state`),
      })),
    ),
    gauge(
      'node_cooling_device_max_state',
      'Maximum throttle state of the cooling device',
      devices.map((d) => ({
        labels: { name: d.name, type: d.type },
        value: integerIn(d.maxState, `cooling_device${d.name}/max_state`),
      })),
    ),
    gauge(
      'node_thermal_zone_temp',
      'Zone temperature in Celsius',
      zones.map((z) => ({
        labels: { type: z.type, zone: z.zone },
        value: integerIn(z.temp, `thermal_zone${z.zone}/temp`) / 1000,
      })),
    ),
  ];
}

export const thermalZoneCollector: CollectorDefinition = {
  name: 'thermal_zone',
  defaultEnabled: true,
  description: 'Thermal zone temperatures and cooling device states from /sys/class/thermal',
  create: ({ paths }) => ({
    name: 'thermal_zone',
    collect: () => {
      const { zones, devices } = readThermal(sysPath(paths, 'class', 'thermal'));
      return thermalFamilies(zones, devices);
    },
  }),
};
