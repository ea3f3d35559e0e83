// node_exporter's stat collector: boot time, context switches, forks, interrupts and running or
// blocked processes from /proc/stat.
import { single, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface KernelStat {
  bootTime?: number;
  contextSwitches?: number;
  forks?: number;
  interrupts?: number;
  procsRunning?: number;
  procsBlocked?: number;
}

// A known line whose value is not a whole number, or a file with none of the known lines,
// fails the collector with the reason rather than leaving the series out in silence.
export function parseStat(text: string): KernelStat {
  const s: KernelStat = {};
  let found = false;
  for (const line of text.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp < 0) continue;
    const key = line.slice(0, sp);
    // The intr line holds one counter per interrupt (thousands on a large machine); only
    // its first field, the total, is wanted, so it is not split.
    const first = (): number => {
      found = true;
      const f = firstField(line, sp + 1);
      if (!WHOLE.test(f)) throw new Error(`stat line "${key}" has ${JSON.stringify(f.slice(0, 40))} where a whole number was expected`);
      return Number(f);
    };
    switch (key) {
      case 'btime':
        s.bootTime = first();
        break;
      case 'ctxt':
        s.contextSwitches = first();
        break;
      case 'processes':
        s.forks = first();
        break;
      case 'intr':
        s.interrupts = first();
        break;
      case 'procs_running':
        s.procsRunning = first();
        break;
      case 'procs_blocked':
        s.procsBlocked = first();
        break;
    }
  }
  if (!found) throw new Error('stat holds none of btime, ctxt, processes, intr, procs_running, procs_blocked');
  return s;
}

const WHOLE = /^\d+$/;

/** The first run of non-blank characters at or after from. */
export function firstField(line: string, from: number): string {
  let start = from;
  while (start < line.length && isBlank(line.charCodeAt(start))) start++;
  let end = start;
  while (end < line.length && !isBlank(line.charCodeAt(end))) end++;
  return line.slice(start, end);
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

export function statFamilies(s: KernelStat): MetricFamily[] {
  const out: MetricFamily[] = [];
  const add = (v: number | undefined, name: string, help: string, type: 'gauge' | 'counter') => {
    if (v !== undefined && Number.isFinite(v)) out.push(single(name, help, type, v));
  };
  add(s.bootTime, 'node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge');
  add(s.contextSwitches, 'node_context_switches_total', 'Total number of context switches.', 'counter');
  add(s.forks, 'node_forks_total', 'Total number of forks.', 'counter');
  add(s.interrupts, 'node_intr_total', 'Total number of interrupts serviced.', 'counter');
  add(s.procsBlocked, 'node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.', 'gauge');
  add(s.procsRunning, 'node_procs_running', 'Number of processes in runnable state.', 'gauge');
  return out;
}

export const statCollector: CollectorDefinition = {
  name: 'stat',
  defaultEnabled: true,
  description: 'Boot time, context switches, forks and process counts from /proc/stat',
  create: ({ paths }) => ({
    name: 'stat',
    collect: () => statFamilies(parseStat(readText(procPath(paths, 'stat')))),
  }),
};
