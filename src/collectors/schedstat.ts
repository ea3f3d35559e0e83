// /proc/schedstat (Documentation/scheduler/sched-stats.rst): "cpuN" lines of nine counters,
// of which the last three are the time the CPU ran tasks (ns), the time tasks waited on its
// run queue (ns), and the timeslices run. Only on kernels built with CONFIG_SCHEDSTATS.
import { counter, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface SchedstatCpu {
  cpu: string;
  runningNs: number;
  waitingNs: number;
  timeslices: number;
}

export function parseSchedstat(text: string): SchedstatCpu[] {
  const out: SchedstatCpu[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const cpu = /^cpu(\d+)$/.exec(cols[0] ?? '')?.[1];
    if (cpu === undefined) continue; // version, timestamp and domain lines
    const fields = cols.slice(1);
    if (fields.length < 9 || !fields.every((f) => /^\d+$/.test(f))) {
      throw new Error(`unexpected /proc/schedstat line: ${JSON.stringify(line.slice(0, 80))} (expected cpuN and nine counters)`);
    }
    out.push({ cpu, runningNs: Number(fields[6]), waitingNs: Number(fields[7]), timeslices: Number(fields[8]) });
  }
  return out;
}

export function schedstatFamilies(cpus: SchedstatCpu[]): MetricFamily[] {
  const per = (pick: (c: SchedstatCpu) => number) => cpus.map((c) => ({ labels: { cpu: c.cpu }, value: pick(c) }));
  return [
    counter(
      'node_schedstat_running_seconds_total',
      'Number of seconds CPU spent running a process.',
      per((c) => c.runningNs / 1e9),
    ),
    counter(
      'node_schedstat_timeslices_total',
      'Number of timeslices executed by CPU.',
      per((c) => c.timeslices),
    ),
    counter(
      'node_schedstat_waiting_seconds_total',
      'Number of seconds spent by processing waiting for this CPU.',
      per((c) => c.waitingNs / 1e9),
    ),
  ];
}

export const schedstatCollector: CollectorDefinition = {
  name: 'schedstat',
  defaultEnabled: true,
  description: 'Per-CPU scheduler run and wait times from /proc/schedstat (kernels with CONFIG_SCHEDSTATS)',
  create: ({ paths }) => ({
    name: 'schedstat',
    collect: () => {
      const text = readOptional(procPath(paths, 'schedstat'));
      return text === undefined ? [] : schedstatFamilies(parseSchedstat(text));
    },
  }),
};
