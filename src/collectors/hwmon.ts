// node_exporter's hwmon collector: /sys/class/hwmon chips, named as upstream names them; the
// temperatures here, the other readings (fans, voltages, currents, power) in hwmon-readings.ts.
import { basename } from 'node:path';
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { HwmonReadings } from './hwmon-readings.js';
import { sysPath } from './paths.js';
import { listDir, readLink, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

function sanitize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** node_exporter names a chip after the bus and device it hangs off, e.g. "platform_coretemp_0". */
export function chipName(hwmonDir: string, name: string): string {
  const device = readLink(`${hwmonDir}/device`);
  if (device) {
    const subsystem = readLink(`${hwmonDir}/device/subsystem`);
    const dev = basename(device);
    return sanitize(subsystem ? `${basename(subsystem)}_${dev}` : dev);
  }
  return sanitize(name);
}

const MILLIDEGREES = /^-?\d+$/;

export function hwmonFamilies(sysfs: string): MetricFamily[] {
  const temp: Sample[] = [];
  const max: Sample[] = [];
  const crit: Sample[] = [];
  const names: Sample[] = [];
  const labels: Sample[] = [];
  const readings = new HwmonReadings();
  const root = `${sysfs}/class/hwmon`;
  for (const entry of listDir(root).sort()) {
    const dir = `${root}/${entry}`;
    const chipLabel = readTrimmed(`${dir}/name`) ?? entry;
    const chip = chipName(dir, entry);
    names.push({ labels: { chip, chip_name: chipLabel }, value: 1 });
    const files = listDir(dir);
    readings.readChip(dir, entry, chip, files);
    // The fan, voltage, current and power sensors are labelled too (in0_label "Vcore").
    for (const sensor of files
      .map((f) => /^((?:fan|in|curr|power)\d+)_label$/.exec(f)?.[1])
      .filter((s): s is string => !!s)
      .sort()) {
      const label = readTrimmed(`${dir}/${sensor}_label`);
      if (label) labels.push({ labels: { chip, label, sensor }, value: 1 });
    }
    const sensors = files
      .map((f) => /^(temp\d+)_input$/.exec(f)?.[1])
      .filter((s): s is string => !!s)
      .sort();
    for (const sensor of sensors) {
      // A missing file is a sensor without that reading; an empty or non-numeric one is a
      // fault to report (Number('') is 0, which would read as 0 °C).
      const read = (suffix: string): number | undefined => {
        const t = readTrimmed(`${dir}/${sensor}_${suffix}`);
        if (t === undefined) return undefined;
        if (!MILLIDEGREES.test(t))
          throw new Error(`${entry}/${sensor}_${suffix} holds ${JSON.stringify(t.slice(0, 40))}, not a temperature in millidegrees`);
        return Number(t) / 1000;
      };
      const l = { chip, sensor };
      const input = read('input');
      if (input !== undefined) temp.push({ labels: l, value: input });
      const mx = read('max');
      if (mx !== undefined) max.push({ labels: l, value: mx });
      const cr = read('crit');
      if (cr !== undefined) crit.push({ labels: l, value: cr });
      const label = readTrimmed(`${dir}/${sensor}_label`);
      if (label) labels.push({ labels: { chip, label, sensor }, value: 1 });
    }
  }
  return [
    gauge('node_hwmon_chip_names', 'Annotation metric for human-readable chip names', names),
    gauge('node_hwmon_sensor_label', 'Label for given chip and sensor', labels),
    gauge('node_hwmon_temp_celsius', 'Hardware monitor for temperature (input)', temp),
    gauge('node_hwmon_temp_crit_celsius', 'Hardware monitor for temperature (crit)', crit),
    gauge('node_hwmon_temp_max_celsius', 'Hardware monitor for temperature (max)', max),
    ...readings.families(),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const hwmonCollector: CollectorDefinition = {
  name: 'hwmon',
  defaultEnabled: true,
  description: 'Temperatures, fans, voltages, currents and power from /sys/class/hwmon (where the hardware has sensors)',
  create: ({ paths }) => ({ name: 'hwmon', collect: () => hwmonFamilies(sysPath(paths)) }),
};
