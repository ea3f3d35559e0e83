// /proc/cpuinfo parsed for the cpu collector's node_cpu_info series.
import { gauge, type MetricFamily } from '../metrics/model.js';

// node_cpu_info: one series per logical CPU with what /proc/cpuinfo says of it, the labels of
// node_exporter's --collector.cpu.info (on in vigil by default: dashboards show the CPU model).
const FIELDS: [key: string, label: string][] = [
  ['vendor_id', 'vendor'],
  ['cpu family', 'family'],
  ['model', 'model'],
  ['model name', 'model_name'],
  ['microcode', 'microcode'],
  ['stepping', 'stepping'],
  ['cache size', 'cachesize'],
  ['core id', 'core'],
  ['physical id', 'package'],
];

export function parseCpuinfo(text: string): Record<string, string>[] {
  const cpus: Record<string, string>[] = [];
  let cur: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') {
      cur = { cpu: value };
      cpus.push(cur);
      continue;
    }
    if (!cur) continue;
    const field = FIELDS.find(([k]) => k === key);
    if (field) cur[field[1]] = value;
  }
  return cpus;
}

export function cpuinfoFamilies(cpus: Record<string, string>[]): MetricFamily[] {
  if (!cpus.length) return [];
  return [
    gauge(
      'node_cpu_info',
      'CPU information from /proc/cpuinfo.',
      cpus.map((c) => ({
        labels: Object.fromEntries([['cpu', c['cpu']!], ...FIELDS.map(([, label]) => [label, c[label] ?? ''])]),
        value: 1,
      })),
    ),
  ];
}
