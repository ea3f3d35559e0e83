// hwmon's readings other than temperature (Documentation/hwmon/sysfs-interface.rst): fans in
// RPM, voltages (in*) in mV, currents (curr*) in mA, power in µW. Named as node_exporter names
// them: the input reading is the bare name (node_hwmon_fan_rpm), every other attribute is put
// before the unit (node_hwmon_fan_min_rpm, node_hwmon_power_average_watt), and alarm and fault
// flags have no unit.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { readTrimmed } from './read.js';
import { isNotAnswered } from './sysfs-value.js';

interface Kind {
  /** the file prefix: fan, in, curr, power */
  type: string;
  unit: string;
  /** as node_exporter converts, so both serve the same float: mV * 0.001, µW / 1e6 */
  convert: (raw: number) => number;
  help: (attr: string) => string;
  attrs: string[];
}

const KINDS: Kind[] = [
  {
    type: 'fan',
    unit: 'rpm',
    convert: (v) => v,
    help: (a) => `Hardware monitor for fan revolutions per minute (${a})`,
    attrs: ['input', 'min', 'max', 'target'],
  },
  {
    type: 'in',
    unit: 'volts',
    convert: (v) => v * 0.001,
    help: (a) => `Hardware monitor for voltage (${a})`,
    attrs: ['input', 'min', 'max', 'lcrit', 'crit', 'average', 'lowest', 'highest'],
  },
  {
    type: 'curr',
    unit: 'amps',
    convert: (v) => v * 0.001,
    help: (a) => `Hardware monitor for current (${a})`,
    attrs: ['input', 'min', 'max', 'lcrit', 'crit', 'average', 'lowest', 'highest'],
  },
  {
    type: 'power',
    unit: 'watt',
    convert: (v) => v / 1e6,
    help: (a) => `Hardware monitor for power usage in watts (${a})`,
    attrs: [
      'input',
      'input_highest',
      'input_lowest',
      'average',
      'average_highest',
      'average_lowest',
      'average_max',
      'average_min',
      'cap',
      'cap_max',
      'cap_min',
      'max',
      'crit',
    ],
  },
];
const FLAGS = ['alarm', 'fault'];

/** "name{chip,sensor}" → samples, gathered over every chip, and the help of each name. */
export class HwmonReadings {
  private readonly samples = new Map<string, { help: string; samples: Sample[] }>();

  private add(name: string, help: string, sample: Sample): void {
    let fam = this.samples.get(name);
    if (!fam) {
      fam = { help, samples: [] };
      this.samples.set(name, fam);
    }
    fam.samples.push(sample);
  }

  /**
   * Reads the fan, in, curr and power attributes among files. A file the driver cannot
   * answer now is left out; one that holds something other than an integer fails hwmon,
   * as a garbled temperature does.
   */
  readChip(dir: string, entry: string, chip: string, files: string[]): void {
    const present = new Set(files);
    for (const kind of KINDS) {
      const re = new RegExp(`^(${kind.type}\\d+)_`);
      const sensors = [...new Set(files.map((f) => re.exec(f)?.[1]).filter((s): s is string => !!s))].sort(bySensorNumber);
      for (const sensor of sensors) {
        const labels = { chip, sensor };
        for (const attr of [...kind.attrs, ...FLAGS]) {
          const file = `${sensor}_${attr}`;
          if (!present.has(file)) continue;
          const value = readNumber(`${dir}/${file}`, `${entry}/${file}`);
          if (value === undefined) continue;
          if (FLAGS.includes(attr)) {
            this.add(`node_hwmon_${kind.type}_${attr}`, `Hardware sensor ${attr} status (${kind.type})`, { labels, value });
          } else {
            const name = attr === 'input' ? `node_hwmon_${kind.type}_${kind.unit}` : `node_hwmon_${kind.type}_${attr}_${kind.unit}`;
            this.add(name, kind.help(attr), { labels, value: kind.convert(value) });
          }
        }
      }
    }
  }

  families(): MetricFamily[] {
    return [...this.samples].map(([name, f]) => gauge(name, f.help, f.samples));
  }
}

function bySensorNumber(a: string, b: string): number {
  return Number(/\d+$/.exec(a)![0]) - Number(/\d+$/.exec(b)![0]);
}

function readNumber(path: string, where: string): number | undefined {
  let t: string | undefined;
  try {
    t = readTrimmed(path);
  } catch (err) {
    if (isNotAnswered(err)) return undefined;
    throw err;
  }
  if (t === undefined) return undefined;
  if (!/^-?\d+$/.test(t)) throw new Error(`${where} holds ${JSON.stringify(t.slice(0, 40))}, not an integer reading`);
  return Number(t);
}
