// /sys/class/power_supply/<supply>/* (Documentation/ABI/testing/sysfs-class-power): one gauge
// per attribute, named and scaled as node_exporter 1.5 does. The kernel writes currents in µA,
// voltages in µV, charges in µAh, energies in µWh, power in µW (all divided by 1e6 here) and
// temperatures in tenths of a degree Celsius.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn, isNotAnswered } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

/** [file, metric suffix, divisor]. */
const NUMERIC: [file: string, metric: string, divisor: number][] = [
  ['authentic', 'authentic', 1],
  ['calibrate', 'calibrate', 1],
  ['capacity', 'capacity', 1],
  ['capacity_alert_max', 'capacity_alert_max', 1],
  ['capacity_alert_min', 'capacity_alert_min', 1],
  ['cycle_count', 'cyclecount', 1],
  ['online', 'online', 1],
  ['present', 'present', 1],
  ['time_to_empty_now', 'time_to_empty_seconds', 1],
  ['time_to_full_now', 'time_to_full_seconds', 1],
  ['current_boot', 'current_boot', 1e6],
  ['current_max', 'current_max', 1e6],
  ['current_now', 'current_ampere', 1e6],
  ['energy_empty', 'energy_empty', 1e6],
  ['energy_empty_design', 'energy_empty_design', 1e6],
  ['energy_full', 'energy_full', 1e6],
  ['energy_full_design', 'energy_full_design', 1e6],
  ['energy_now', 'energy_watthour', 1e6],
  ['voltage_boot', 'voltage_boot', 1e6],
  ['voltage_max', 'voltage_max', 1e6],
  ['voltage_max_design', 'voltage_max_design', 1e6],
  ['voltage_min', 'voltage_min', 1e6],
  ['voltage_min_design', 'voltage_min_design', 1e6],
  ['voltage_now', 'voltage_volt', 1e6],
  ['voltage_ocv', 'voltage_ocv', 1e6],
  ['charge_control_limit', 'charge_control_limit', 1e6],
  ['charge_control_limit_max', 'charge_control_limit_max', 1e6],
  ['charge_counter', 'charge_counter', 1e6],
  ['charge_empty', 'charge_empty', 1e6],
  ['charge_empty_design', 'charge_empty_design', 1e6],
  ['charge_full', 'charge_full', 1e6],
  ['charge_full_design', 'charge_full_design', 1e6],
  ['charge_now', 'charge_ampere', 1e6],
  ['charge_term_current', 'charge_term_current', 1e6],
  ['constant_charge_current', 'constant_charge_current', 1e6],
  ['constant_charge_current_max', 'constant_charge_current_max', 1e6],
  ['constant_charge_voltage', 'constant_charge_voltage', 1e6],
  ['constant_charge_voltage_max', 'constant_charge_voltage_max', 1e6],
  ['precharge_current', 'precharge_current', 1e6],
  ['input_current_limit', 'input_current_limit', 1e6],
  ['power_now', 'power_watt', 1e6],
  ['temp', 'temp_celsius', 10],
  ['temp_alert_max', 'temp_alert_max_celsius', 10],
  ['temp_alert_min', 'temp_alert_min_celsius', 10],
  ['temp_ambient', 'temp_ambient_celsius', 10],
  ['temp_ambient_max', 'temp_ambient_max_celsius', 10],
  ['temp_ambient_min', 'temp_ambient_min_celsius', 10],
  ['temp_max', 'temp_max_celsius', 10],
  ['temp_min', 'temp_min_celsius', 10],
];

/** Text attributes that become labels of node_power_supply_info, where not empty. */
const INFO = [
  'capacity_level',
  'charge_type',
  'health',
  'manufacturer',
  'model_name',
  'scope',
  'serial_number',
  'status',
  'technology',
  'type',
  'usb_type',
];

export const POWER_SUPPLY_FILES = [...NUMERIC.map(([f]) => f), ...INFO];

export interface PowerSupply {
  name: string;
  /** attribute file → its content, for the files that exist and could be read */
  attrs: Map<string, string>;
}

/**
 * A file the driver cannot answer now (a battery that is being removed: ENODEV; a charger
 * that does not support the property: EOPNOTSUPP, EINVAL, ENODATA) is left out, as upstream
 * does; any other read error fails the collector.
 */
export function readPowerSupplies(root: string): PowerSupply[] {
  return listDir(root)
    .sort()
    .map((name) => {
      const attrs = new Map<string, string>();
      // Listing first spares ~60 failed opens a scrape for the attributes a supply lacks.
      const present = new Set(listDir(`${root}/${name}`));
      for (const file of POWER_SUPPLY_FILES) {
        if (!present.has(file)) continue;
        try {
          const v = readTrimmed(`${root}/${name}/${file}`);
          if (v !== undefined) attrs.set(file, v);
        } catch (err) {
          if (!isNotAnswered(err)) throw err;
        }
      }
      return { name, attrs };
    });
}

export function powerSupplyFamilies(supplies: PowerSupply[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (supplies.length === 0) return [];
  const fams: MetricFamily[] = [];
  for (const [file, metric, divisor] of NUMERIC) {
    const samples: Sample[] = [];
    for (const s of supplies) {
      const raw = s.attrs.get(file);
      if (raw === undefined) continue;
      samples.push({ labels: { power_supply: s.name }, value: integerIn(raw, `${s.name}/${file}`) / divisor });
    }
    fams.push(gauge(`node_power_supply_${metric}`, `${metric} value of /sys/class/power_supply/<power_supply>.`, samples));
  }
  fams.push(
    gauge(
      'node_power_supply_info',
      'info of /sys/class/power_supply/<power_supply>.',
      supplies.map((s) => {
        const labels: Record<string, string> = { power_supply: s.name };
        for (const k of INFO) {
          const v = s.attrs.get(k);
          if (v) labels[k] = v;
        }
        return { labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))), value: 1 };
      }),
    ),
  );
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const powerSupplyClassCollector: CollectorDefinition = {
  name: 'powersupplyclass',
  defaultEnabled: true,
  description: 'Batteries, mains and USB chargers from /sys/class/power_supply',
  create: ({ paths }) => ({
    name: 'powersupplyclass',
    collect: () => powerSupplyFamilies(readPowerSupplies(sysPath(paths, 'class', 'power_supply'))),
  }),
};
