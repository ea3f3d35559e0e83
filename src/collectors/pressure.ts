// node_exporter's pressure collector: PSI stall time (cpu, io, memory) from /proc/pressure, on
// kernels that have it; elsewhere no series.
import { counter, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface Psi {
  some?: number; // total stall, microseconds
  full?: number;
}

export function parsePressure(text: string): Psi {
  const out: Psi = {};
  for (const line of text.split('\n')) {
    const m = /^(some|full)\s.*\btotal=(\d+)/.exec(line);
    if (m) out[m[1] as 'some' | 'full'] = Number(m[2]);
  }
  return out;
}

export function pressureFamilies(cpu?: Psi, io?: Psi, memory?: Psi): MetricFamily[] {
  const fams: MetricFamily[] = [];
  const add = (v: number | undefined, name: string, help: string) => {
    if (v !== undefined) fams.push(counter(name, help, [{ value: v / 1e6 }]));
  };
  add(cpu?.some, 'node_pressure_cpu_waiting_seconds_total', 'Total time in seconds that processes have waited for CPU time');
  add(io?.full, 'node_pressure_io_stalled_seconds_total', 'Total time in seconds no process could make progress due to IO congestion');
  add(io?.some, 'node_pressure_io_waiting_seconds_total', 'Total time in seconds that processes have waited due to IO congestion');
  add(
    memory?.full,
    'node_pressure_memory_stalled_seconds_total',
    'Total time in seconds no process could make progress due to memory congestion',
  );
  add(memory?.some, 'node_pressure_memory_waiting_seconds_total', 'Total time in seconds that processes have waited for memory');
  return fams;
}

export const pressureCollector: CollectorDefinition = {
  name: 'pressure',
  defaultEnabled: true,
  description: 'Pressure stall information from /proc/pressure (kernels with PSI)',
  create: ({ paths }) => ({
    name: 'pressure',
    collect: () => {
      const read = (r: string) => {
        const t = readOptional(procPath(paths, 'pressure', r));
        return t === undefined ? undefined : parsePressure(t);
      };
      return pressureFamilies(read('cpu'), read('io'), read('memory'));
    },
  }),
};
