import { addInto, zeroCounts, type Counts } from './counts.js';
import { USER_HZ } from './parse/uptime.js';
import type { ProcessSample } from './tracker.js';

// Adds processes up into groups and keeps each group's counters across scrapes. A group's
// counter is the sum of what its processes added while vigil watched them, so a process that
// exits takes nothing away: its share stays in the total (process-exporter does the same).
// Gauges (count, memory, fds, threads, states) describe only the processes alive now.

export type StateName = 'Running' | 'Sleeping' | 'Waiting' | 'Zombie' | 'Other';
export const STATE_NAMES: readonly StateName[] = ['Running', 'Sleeping', 'Waiting', 'Zombie', 'Other'];

export interface GroupStats {
  name: string;
  procs: number;
  counts: Counts;
  residentBytes: number;
  virtualBytes: number;
  swapBytes: number;
  pssBytes: number;
  swapPssBytes: number;
  openFds: number;
  worstFdRatio: number;
  threads: number;
  /** Seconds since the epoch of the oldest process; 0 for a group with none. */
  oldestStartSeconds: number;
  states: Record<StateName, number>;
}

export function stateName(letter: string): StateName {
  switch (letter) {
    case 'R': return 'Running';
    case 'S': return 'Sleeping';
    case 'D': return 'Waiting';
    case 'Z': return 'Zombie';
    default: return 'Other';
  }
}

export class GroupBook {
  private readonly totals = new Map<string, Counts>();
  private readonly fixed: ReadonlySet<string>;

  /** @param fixed group names known from the config alone: reported from the first scrape. */
  constructor(fixed: readonly string[], private readonly removeEmpty: boolean) {
    this.fixed = new Set(fixed);
    for (const name of fixed) this.totals.set(name, zeroCounts());
  }

  /** Adds what the processes used to their groups' totals (also after an incomplete scan). */
  record(samples: readonly ProcessSample[]): void {
    for (const s of samples) {
      let t = this.totals.get(s.group);
      if (!t) {
        t = zeroCounts();
        this.totals.set(s.group, t);
      }
      addInto(t, s.added);
    }
  }

  /** The groups to report after record(), sorted by name; empty groups per the options. */
  report(samples: readonly ProcessSample[], bootTimeSeconds: number): GroupStats[] {
    const live = new Map<string, GroupStats>();
    for (const s of samples) {
      let g = live.get(s.group);
      if (!g) {
        g = emptyGroup(s.group, this.totals.get(s.group)!);
        live.set(s.group, g);
      }
      g.procs++;
      g.residentBytes += s.residentBytes;
      g.virtualBytes += s.virtualBytes;
      g.swapBytes += s.swapBytes;
      g.pssBytes += s.pssBytes;
      g.swapPssBytes += s.swapPssBytes;
      if (s.openFds >= 0) {
        g.openFds += s.openFds;
        const ratio = s.fdLimit && Number.isFinite(s.fdLimit) ? s.openFds / s.fdLimit : 0;
        if (ratio > g.worstFdRatio) g.worstFdRatio = ratio;
      }
      g.threads += s.numThreads;
      g.states[stateName(s.state)]++;
      const start = bootTimeSeconds + s.starttime / USER_HZ;
      if (g.oldestStartSeconds === 0 || start < g.oldestStartSeconds) g.oldestStartSeconds = start;
    }
    const out: GroupStats[] = [...live.values()];
    for (const [name, counts] of this.totals) {
      if (live.has(name)) continue;
      if (this.removeEmpty && !this.fixed.has(name)) {
        // Forgetting the totals means the counters restart at 0 if the group comes back,
        // which Prometheus handles as a counter reset.
        this.totals.delete(name);
        continue;
      }
      out.push(emptyGroup(name, counts));
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function emptyGroup(name: string, totals: Counts): GroupStats {
  return {
    name, procs: 0, counts: { ...totals }, residentBytes: 0, virtualBytes: 0, swapBytes: 0, pssBytes: 0, swapPssBytes: 0,
    openFds: 0, worstFdRatio: 0, threads: 0, oldestStartSeconds: 0,
    states: { Running: 0, Sleeping: 0, Waiting: 0, Zombie: 0, Other: 0 },
  };
}
