import { cpuCollector } from './cpu.js';
import { cpufreqCollector } from './cpufreq.js';
import { diskstatsCollector } from './diskstats.js';
import { filesystemCollector } from './filesystem.js';
import { hwmonCollector } from './hwmon.js';
import { loadavgCollector } from './loadavg.js';
import { meminfoCollector } from './meminfo.js';
import { netdevCollector } from './netdev.js';
import { osCollector } from './os.js';
import { pressureCollector } from './pressure.js';
import { runtimeCollector } from './runtime.js';
import { statCollector } from './stat.js';
import { timeCollector } from './time.js';
import type { CollectorDefinition } from './types.js';
import { unameCollector } from './uname.js';

// The one table of host collectors: its order is the order of the exposition, and its names
// are the keys of `collectors:` in the config and of --collector.NAME on the command line.
export const HOST_COLLECTORS: readonly CollectorDefinition<any>[] = [
  cpuCollector,
  cpufreqCollector,
  diskstatsCollector,
  filesystemCollector,
  hwmonCollector,
  loadavgCollector,
  meminfoCollector,
  netdevCollector,
  osCollector,
  pressureCollector,
  statCollector,
  timeCollector,
  unameCollector,
  runtimeCollector,
];

export function findCollector(name: string): CollectorDefinition<any> | undefined {
  return HOST_COLLECTORS.find((c) => c.name === name);
}
