// Adds processes up into groups and keeps each group's counters across scrapes. A group's
// counter is the sum of what its processes added while vigil watched them, so a process that
// exits takes nothing away: its share stays in the total (process-exporter does the same).
// Gauges (count, memory, fds, threads, states) describe only the processes alive now.
import { addInto, zeroCounts, type Counts } from './counts.js';
import { USER_HZ } from './parse/uptime.js';
import type { ProcessSample } from './tracker.js';

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
  /** Threads of the group's processes waiting in each kernel function. */
  wchans: Map<string, number>;
}

export function stateName(letter: string): StateName {
  switch (letter) {
    case 'R':
      return 'Running';
    case 'S':
      return 'Sleeping';
    case 'D':
      return 'Waiting';
    case 'Z':
      return 'Zombie';
    default:
      return 'Other';
  }
}

// Groups whose name comes from the process ({{.Matches.x}}, {{.PID}}, {{.ExeBase}} of a
// catch-all, ...) are minted by whoever starts processes: any local user could otherwise add
// permanent series at will (300 short-lived processes made 300 groups of 23 series each).
// So minted groups are capped, the refusals counted, and a minted group that has been empty
// for `emptyTtlMs` is forgotten. Groups named in the config alone are never capped or dropped.

export interface GroupLimits {
  /** Drop a minted group as soon as it is empty (process_options.remove_empty_groups). */
  removeEmpty: boolean;
  /** Most minted groups held at once (process_options.max_groups). */
  maxMinted: number;
  /** How long a minted group may stay empty before it is forgotten (empty_group_ttl_seconds). */
  emptyTtlMs: number;
}

export class GroupBook {
  private readonly totals = new Map<string, Counts>();
  private readonly fixed: ReadonlySet<string>;
  /** Minted groups with no process, and since when (ms). */
  private readonly emptySince = new Map<string, number>();
  private minted = 0;
  /** Names refused at the last record(), so a name refused scrape after scrape counts once. */
  private refusedBefore = new Set<string>();
  private refusedNow = new Set<string>();
  /** New minted groups refused because the cap was reached, each counted once per spell. */
  refusedTotal = 0;

  /** @param fixed group names known from the config alone: reported from the first scrape. */
  constructor(
    fixed: readonly string[],
    private readonly limits: GroupLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.fixed = new Set(fixed);
    for (const name of fixed) this.totals.set(name, zeroCounts());
  }

  /** Adds what the processes used to their groups' totals (also after an incomplete scan). */
  record(samples: readonly ProcessSample[]): void {
    this.refusedNow = new Set();
    for (const s of samples) {
      let t = this.totals.get(s.group);
      if (!t) {
        if (this.minted >= this.limits.maxMinted) {
          if (!this.refusedNow.has(s.group)) {
            this.refusedNow.add(s.group);
            if (!this.refusedBefore.has(s.group)) this.refusedTotal++;
          }
          continue;
        }
        t = zeroCounts();
        this.totals.set(s.group, t);
        this.minted++;
      }
      addInto(t, s.added);
    }
    this.refusedBefore = this.refusedNow;
  }

  /** The groups to report after record(), sorted by name; empty groups per the options. */
  report(samples: readonly ProcessSample[], bootTimeSeconds: number): GroupStats[] {
    const live = new Map<string, GroupStats>();
    for (const s of samples) {
      let g = live.get(s.group);
      if (!g) {
        const totals = this.totals.get(s.group);
        if (!totals) continue; // refused at the cap
        g = emptyGroup(s.group, totals);
        live.set(s.group, g);
        this.emptySince.delete(s.group);
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
      if (s.threadStates) for (const t of s.threadStates) g.states[stateName(t)]++;
      else g.states[stateName(s.state)]++;
      if (s.wchans) for (const [w, n] of s.wchans) g.wchans.set(w, (g.wchans.get(w) ?? 0) + n);
      const start = bootTimeSeconds + s.starttime / USER_HZ;
      if (g.oldestStartSeconds === 0 || start < g.oldestStartSeconds) g.oldestStartSeconds = start;
    }
    const out: GroupStats[] = [...live.values()];
    const now = this.now();
    for (const [name, counts] of this.totals) {
      if (live.has(name)) continue;
      if (!this.fixed.has(name)) {
        const since = this.emptySince.get(name) ?? now;
        this.emptySince.set(name, since);
        if (this.limits.removeEmpty || now - since >= this.limits.emptyTtlMs) {
          // Forgetting the totals means the counters restart at 0 if the group comes back,
          // which Prometheus handles as a counter reset.
          this.totals.delete(name);
          this.emptySince.delete(name);
          this.minted--;
          continue;
        }
      }
      out.push(emptyGroup(name, counts));
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

function emptyGroup(name: string, totals: Counts): GroupStats {
  return {
    name,
    procs: 0,
    counts: { ...totals },
    residentBytes: 0,
    virtualBytes: 0,
    swapBytes: 0,
    pssBytes: 0,
    swapPssBytes: 0,
    openFds: 0,
    worstFdRatio: 0,
    threads: 0,
    oldestStartSeconds: 0,
    states: { Running: 0, Sleeping: 0, Waiting: 0, Zombie: 0, Other: 0 },
    wchans: new Map(),
  };
}
