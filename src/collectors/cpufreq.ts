// Frequencies exist only where the kernel exposes cpufreq (bare metal, some VMs); elsewhere
// the collector succeeds with no series, as node_exporter's does.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export function cpufreqFamilies(sysfs: string): MetricFamily[] {
  const cur: Sample[] = [];
  const scaling: Sample[] = [];
  const min: Sample[] = [];
  const max: Sample[] = [];
  const base = `${sysfs}/devices/system/cpu`;
  const cpus = listDir(base)
    .filter((d) => /^cpu\d+$/.test(d))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  for (const dir of cpus) {
    const cpu = dir.slice(3);
    const f = (file: string): number | undefined => {
      const t = readTrimmed(`${base}/${dir}/cpufreq/${file}`);
      return t === undefined || t === '' ? undefined : Number(t) * 1000; // kHz → Hz
    };
    const push = (list: Sample[], v: number | undefined) => {
      if (v !== undefined && Number.isFinite(v)) list.push({ labels: { cpu }, value: v });
    };
    push(cur, f('cpuinfo_cur_freq'));
    push(scaling, f('scaling_cur_freq'));
    push(min, f('scaling_min_freq'));
    push(max, f('scaling_max_freq'));
  }
  return [
    gauge('node_cpu_frequency_hertz', 'Current CPU thread frequency in hertz.', cur),
    gauge('node_cpu_scaling_frequency_hertz', 'Current scaled CPU thread frequency in hertz.', scaling),
    gauge('node_cpu_scaling_frequency_max_hertz', 'Maximum scaled CPU thread frequency in hertz.', max),
    gauge('node_cpu_scaling_frequency_min_hertz', 'Minimum scaled CPU thread frequency in hertz.', min),
  ];
}

export const cpufreqCollector: CollectorDefinition = {
  name: 'cpufreq',
  defaultEnabled: true,
  description: 'CPU frequencies from /sys/devices/system/cpu/*/cpufreq',
  create: ({ paths }) => ({ name: 'cpufreq', collect: () => cpufreqFamilies(sysPath(paths)) }),
};
