// /sys/class/powercap/<zone>/ (Documentation/power/powercap/powercap.rst): every directory
// with a "name" is a RAPL zone, its energy_uj a counter of microjoules that wraps at
// max_energy_range_uj. node_exporter names a family per zone name and numbers zones that
// share one: "package-0" is index 0 of "package", a second plain "dram" is index 1 of "dram".
import { counter, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

export interface RaplZone {
  /** the directory, e.g. /sys/class/powercap/intel-rapl:0 */
  path: string;
  name: string;
  energyUj: string;
}

export function readRaplZones(root: string): RaplZone[] {
  const zones: RaplZone[] = [];
  for (const entry of listDir(root).sort()) {
    const path = `${root}/${entry}`;
    const name = readTrimmed(`${path}/name`);
    if (name === undefined) continue; // a control type (intel-rapl itself), not a zone
    let energyUj: string | undefined;
    try {
      energyUj = readTrimmed(`${path}/energy_uj`);
    } catch (err) {
      // Since Linux 5.10 energy_uj is readable by root only (the Platypus side channel).
      if ((err as NodeJS.ErrnoException).code === 'EACCES')
        throw new Error(
          `${path}/energy_uj is readable by root only (since Linux 5.10); run vigil as root or with CAP_DAC_READ_SEARCH to read RAPL energy, or turn the rapl collector off`,
        );
      throw err;
    }
    if (energyUj === undefined) throw new Error(`${path} has a name but no energy_uj`);
    zones.push({ path, name, energyUj });
  }
  return zones;
}

/** The family name from "package-0" and the zone's index, counting repeated plain names. */
export function zoneIndex(seen: Map<string, number>, name: string): { base: string; index: number } {
  const m = /^([^-]*)-(\d+)$/.exec(name);
  const base = m ? m[1]! : name;
  const index = m ? Number(m[2]) : (seen.get(name) ?? 0);
  seen.set(base, index + 1);
  return { base, index };
}

function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

export function raplFamilies(zones: RaplZone[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  const seen = new Map<string, number>();
  for (const z of zones) {
    const { base, index } = zoneIndex(seen, z.name);
    const joules = integerIn(z.energyUj, `${z.path}/energy_uj`) / 1e6;
    const metric = `node_rapl_${sanitize(base)}_joules_total`;
    let fam = byName.get(metric);
    if (!fam) {
      fam = counter(metric, `Current RAPL ${base} value in joules`);
      byName.set(metric, fam);
    }
    fam.samples.push({ labels: { index: String(index), path: z.path }, value: joules });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const raplCollector: CollectorDefinition = {
  name: 'rapl',
  defaultEnabled: true,
  description: 'CPU package and DRAM energy counters from /sys/class/powercap (Intel and AMD RAPL)',
  create: ({ paths }) => ({ name: 'rapl', collect: () => raplFamilies(readRaplZones(sysPath(paths, 'class', 'powercap'))) }),
};
