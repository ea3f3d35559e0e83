// node_exporter's cpu collector: node_cpu_seconds_total{cpu,mode} from /proc/stat, and
// node_cpu_info from /proc/cpuinfo (cpuinfo.ts). Parsing is pure and tested on literal text.
import { counter, type MetricFamily, type Sample } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional, readText } from './read.js';
import { cpuinfoFamilies, parseCpuinfo } from './cpuinfo.js';
import type { CollectorDefinition } from './types.js';

// /proc/stat counts in USER_HZ, which is 100 on every Linux ABI node_exporter supports.
const USER_HZ = 100;
const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export interface CpuTimes {
  cpu: string;
  values: number[]; // jiffies, in /proc/stat column order
}

// A field that is not a whole number would make a NaN counter, which OpenMetrics parsers
// refuse: such a line, or a file without any cpuN line, fails the collector with the reason.
export function parseCpuTimes(stat: string): CpuTimes[] {
  const out: CpuTimes[] = [];
  for (const line of stat.split('\n')) {
    // Skip the aggregate "cpu " line; node_exporter only reports per-CPU series.
    if (!line.startsWith('cpu') || line.startsWith('cpu ')) continue;
    const fields = line.trim().split(/\s+/);
    const cpu = fields[0]!.slice(3);
    if (!WHOLE.test(cpu)) throw new Error(`stat line ${JSON.stringify(fields[0]!.slice(0, 40))} does not name a CPU by number`);
    const values = fields.slice(1).map((f, i) => {
      if (!WHOLE.test(f))
        throw new Error(`stat line cpu${cpu} field ${i + 1} is ${JSON.stringify(f.slice(0, 40))}, not a whole number of ticks`);
      return Number(f);
    });
    if (values.length < MODES.length)
      throw new Error(`stat line cpu${cpu} has ${values.length} fields, fewer than the ${MODES.length} modes`);
    out.push({ cpu, values });
  }
  if (!out.length) throw new Error('stat holds no cpuN line');
  return out;
}

const WHOLE = /^\d+$/;

export function cpuFamilies(times: CpuTimes[]): MetricFamily[] {
  const seconds: Sample[] = [];
  const guest: Sample[] = [];
  for (const t of times) {
    MODES.forEach((mode, i) => {
      seconds.push({ labels: { cpu: t.cpu, mode }, value: (t.values[i] ?? 0) / USER_HZ });
    });
    if (t.values.length >= 10) {
      guest.push({ labels: { cpu: t.cpu, mode: 'nice' }, value: t.values[9]! / USER_HZ });
      guest.push({ labels: { cpu: t.cpu, mode: 'user' }, value: t.values[8]! / USER_HZ });
    }
  }
  return [
    counter('node_cpu_guest_seconds_total', 'Seconds the CPUs spent in guests (VMs) for each mode.', guest),
    counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', seconds),
  ];
}

export interface CpuOptions {
  /** node_cpu_info from /proc/cpuinfo (node_exporter's --collector.cpu.info); on by default. */
  info?: boolean;
}

/**
 * /proc/cpuinfo is costly to generate (the kernel samples each CPU's clock for its MHz line,
 * which on a large host takes milliseconds) and what node_cpu_info reports of it changes only
 * with CPU hotplug or a microcode update: it is read again at most once a minute.
 */
export const CPUINFO_REFRESH_MS = 60_000;

export const cpuCollector: CollectorDefinition<CpuOptions> = {
  name: 'cpu',
  defaultEnabled: true,
  description: 'CPU time per CPU and mode from /proc/stat, CPU model from /proc/cpuinfo',
  create: ({ paths, options }) => {
    const info = options?.info !== false;
    let cached: { at: number; families: MetricFamily[] } | undefined;
    const cpuinfo = (): MetricFamily[] => {
      const now = Date.now();
      if (cached && now - cached.at < CPUINFO_REFRESH_MS) return cached.families;
      const text = readOptional(procPath(paths, 'cpuinfo'));
      cached = { at: now, families: text === undefined ? [] : cpuinfoFamilies(parseCpuinfo(text)) };
      return cached.families;
    };
    return {
      name: 'cpu',
      collect: () => {
        const fams = cpuFamilies(parseCpuTimes(readText(procPath(paths, 'stat'))));
        return info ? [...cpuinfo(), ...fams] : fams;
      },
    };
  },
};
