// Walks the process table once per scrape and remembers, per process, what never changes:
// which group it belongs to (matched once in its life), its parent, its fd limit and its
// last counters. A process is the pair (pid, starttime), so a reused pid is a new process.
// Untracked processes cost one read of /proc/<pid>/stat per scrape, tracked ones four to six.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { growth, zeroCounts, type Counts } from './counts.js';
import { matchProcess, type Matcher } from './matcher.js';
import { measureProcess, type Measurement } from './measure.js';
import type { ProcessOptions } from './options.js';
import { parseCmdline } from './parse/cmdline.js';
import { parseStat, type ProcStat } from './parse/stat.js';
import { parseStatus } from './parse/status.js';
import { parseUptimeTicks } from './parse/uptime.js';
import { failureOf, readProcFile, type ReadFailure } from './procfile.js';
import { Slicer } from './slicer.js';
import type { UserNames } from './users.js';

export interface ProcessSample extends Measurement {
  group: string;
  /** What the process added to its group's counters since the last scrape. */
  added: Counts;
  numThreads: number;
  state: string;
  /** Clock ticks after boot. */
  starttime: number;
}

export interface ScanErrors {
  /** Processes that exited between the listing and the reads: a normal race, counted apart. */
  exited: number;
  /** Processes whose stat, status or cmdline could not be read (permissions, corrupt). */
  unreadable: number;
  /** Optional files (io, fd, limits, smaps_rollup) of a tracked process that could not be read. */
  partial: number;
}

export interface ScanResult {
  samples: ProcessSample[];
  errors: ScanErrors;
  /** Why the scan stopped before the end of the table, if it did. */
  stopped?: string;
  scanned: number;
  listed: number;
}

interface Entry {
  starttime: number;
  ppid: number;
  /** The group; null when the process is not tracked; undefined while its ancestry is open. */
  group: string | null | undefined;
  seen: number;
  last?: Counts;
  fdLimit?: number;
}

export interface ScanContext {
  procfs: string;
  signal: AbortSignal;
  deadline: number;
}

export class ProcessTracker {
  private readonly table = new Map<number, Entry>();
  private generation = 0;
  /** Uptime at the first scan, in ticks; processes older than that count from zero. */
  private firstScanTicks: number | undefined;
  private scannedOnce = false;

  constructor(
    private readonly matchers: readonly Matcher[],
    private readonly options: ProcessOptions,
    private readonly users: () => UserNames,
  ) {}

  /** Processes currently remembered (tracked or ignored), for tests and diagnostics. */
  get size(): number {
    return this.table.size;
  }

  async scan(ctx: ScanContext): Promise<ScanResult> {
    const gen = ++this.generation;
    if (this.firstScanTicks === undefined) this.firstScanTicks = readUptimeTicks(ctx.procfs);
    const errors: ScanErrors = { exited: 0, unreadable: 0, partial: 0 };
    const samples: ProcessSample[] = [];
    const pids = listPids(ctx.procfs);
    const slicer = new Slicer(this.options.sliceMs, ctx.signal, ctx.deadline);
    const pending: { pid: number; stat: ProcStat }[] = [];
    let scanned = 0;

    const count = (f: ReadFailure) => {
      errors[f]++;
    };
    const sample = (pid: number, stat: ProcStat, e: Entry) => {
      const s = this.measure(join(ctx.procfs, String(pid)), stat, e, errors);
      if (s) samples.push(s);
    };

    for (const pid of pids) {
      if (slicer.due() && !(await slicer.pause())) break;
      scanned++;
      let stat: ProcStat | undefined;
      try {
        stat = parseStat(readProcFile(join(ctx.procfs, String(pid), 'stat'), 'utf8'));
      } catch (err) {
        count(failureOf(err));
        continue;
      }
      if (!stat) {
        errors.unreadable++;
        continue;
      }
      let e = this.table.get(pid);
      if (!e || e.starttime !== stat.starttime) {
        const found = this.discover(ctx.procfs, pid, stat);
        if (typeof found === 'string') {
          count(found);
          continue;
        }
        e = found;
        this.table.set(pid, e);
        if (e.group === undefined) pending.push({ pid, stat });
      }
      e.seen = gen;
      if (e.group) sample(pid, stat, e);
    }

    // Children: a process no entry took joins its nearest tracked ancestor's group. Done
    // after the walk so a parent listed after its child is already known (pids wrap).
    for (const p of pending) {
      if (slicer.due() && !(await slicer.pause())) break;
      const e = this.table.get(p.pid)!;
      const group = this.resolveAncestry(p.pid, gen, 0);
      if (group) sample(p.pid, p.stat, e);
    }

    if (slicer.stoppedBecause === undefined) {
      // Only a complete walk may forget processes it did not see: after a stop at the
      // deadline the unseen ones are simply not visited yet, and forgetting them would count
      // their whole life again when they are found next time.
      for (const [pid, e] of this.table) if (e.seen !== gen) this.table.delete(pid);
      this.scannedOnce = true;
    } else {
      // Ancestry left open by the stop is decided on the next scan.
      for (const p of pending) {
        const e = this.table.get(p.pid);
        if (e && e.group === undefined) this.table.delete(p.pid);
      }
    }
    const result: ScanResult = { samples, errors, scanned, listed: pids.length };
    if (slicer.stoppedBecause) result.stopped = slicer.stoppedBecause;
    return result;
  }

  /** Reads what identifies a new process and matches it once; a string is a read failure. */
  private discover(procfs: string, pid: number, stat: ProcStat): Entry | ReadFailure {
    const dir = join(procfs, String(pid));
    let cmdline: string[];
    try {
      cmdline = parseCmdline(readProcFile(join(dir, 'cmdline'), 'utf8'));
    } catch (err) {
      return failureOf(err);
    }
    let userFailure: ReadFailure | undefined;
    const username = () => {
      try {
        return this.users().name(parseStatus(readProcFile(join(dir, 'status'))).euid);
      } catch (err) {
        userFailure = failureOf(err);
        return '';
      }
    };
    const group = matchProcess(this.matchers, { comm: stat.comm, cmdline, pid, username });
    if (userFailure) return userFailure;
    const children = this.options.children;
    return { starttime: stat.starttime, ppid: stat.ppid, group: group ?? (children ? undefined : null), seen: 0 };
  }

  private resolveAncestry(pid: number, gen: number, depth: number): string | null {
    const e = this.table.get(pid);
    if (!e) return null;
    if (e.group !== undefined) return e.group;
    const parent = this.table.get(e.ppid);
    // A parent that is gone, or was not seen in this walk, cannot vouch for its child; the
    // depth guard only protects against a corrupt table (pid loops do not exist in Linux).
    const group = parent && parent.seen === gen && depth < 4096 ? this.resolveAncestry(e.ppid, gen, depth + 1) : null;
    e.group = group;
    return group;
  }

  private measure(dir: string, stat: ProcStat, e: Entry, errors: ScanErrors): ProcessSample | undefined {
    const r = measureProcess(dir, stat, e.last, e.fdLimit, this.options);
    if (!r.ok) {
      errors[r.failure]++;
      return undefined;
    }
    const m = r.m;
    errors.partial += m.partial;
    if (m.fdLimit !== undefined) e.fdLimit = m.fdLimit;
    let added: Counts;
    if (e.last) added = growth(m.counts, e.last);
    else if (this.countsWholeLife(stat.starttime)) added = m.counts;
    else added = zeroCounts();
    e.last = m.counts;
    return { ...m, group: e.group!, added, numThreads: stat.numThreads, state: stat.state, starttime: stat.starttime };
  }

  /**
   * process-exporter's rule, kept so both exporters agree: a process already running when
   * the exporter first looked contributes only what it uses from then on; one started later
   * contributes its whole life. Either way the counter starts at 0 with the exporter, which
   * Prometheus reads as a reset rather than a burst of CPU seconds.
   */
  private countsWholeLife(starttime: number): boolean {
    if (!this.scannedOnce) return false;
    return this.firstScanTicks === undefined || starttime > this.firstScanTicks;
  }
}

function listPids(procfs: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync(procfs)) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(name);
    if (Number.isInteger(pid)) out.push(pid);
  }
  return out;
}

function readUptimeTicks(procfs: string): number | undefined {
  try {
    return parseUptimeTicks(readProcFile(join(procfs, 'uptime')));
  } catch {
    // Without /proc/uptime only the first walk's processes count from zero (scannedOnce).
    return undefined;
  }
}
