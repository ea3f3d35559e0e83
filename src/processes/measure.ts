// Everything vigil reads about a process it tracks, once per scrape. Only /proc/<pid>/status
// is required beyond stat; io, fd, limits and smaps_rollup may be closed to us (another
// user's process when not root) and then count as a partial read: the value is left out
// (fds, memory) or held at its last reading (I/O counters), never guessed.
import { readdirSync } from 'node:fs';
import type { Counts } from './counts.js';
import { parseIo } from './parse/io.js';
import { parseOpenFilesLimit } from './parse/limits.js';
import { parseSmapsRollup } from './parse/smaps.js';
import type { ProcStat } from './parse/stat.js';
import { parseStateLetter, parseStatus, parseSwitches } from './parse/status.js';
import { failureOf, readProcFile, type ReadFailure } from './procfile.js';

export interface Measurement {
  counts: Counts;
  residentBytes: number;
  virtualBytes: number;
  swapBytes: number;
  pssBytes: number;
  swapPssBytes: number;
  /** -1 when /proc/<pid>/fd could not be listed. */
  openFds: number;
  fdLimit: number | undefined;
  /** Files that could not be read though the process is alive. */
  partial: number;
  /** The state letter of each thread, when the threads were read (multi-threaded processes). */
  threadStates?: string[];
  /** Threads waiting in each kernel function (wchan), when asked for. */
  wchans?: Map<string, number>;
}

export interface MeasureOptions {
  gatherSmaps: boolean;
  threadContextSwitches: boolean;
  /** Count states per thread, as process-exporter does. */
  threadStates: boolean;
  /** Read each thread's wchan for namedprocess_namegroup_threads_wchan. */
  threadsWchan: boolean;
}

export type MeasureOutcome = { ok: true; m: Measurement } | { ok: false; failure: ReadFailure };

/**
 * @param dir /proc/<pid> under the procfs root
 * @param previous the last counters, to hold I/O steady when io is unreadable this time
 * @param knownLimit the soft fd limit read earlier in this process's life, if any
 */
export function measureProcess(
  dir: string,
  stat: ProcStat,
  previous: Counts | undefined,
  knownLimit: number | undefined,
  opts: MeasureOptions,
): MeasureOutcome {
  let statusText: string;
  try {
    statusText = readProcFile(`${dir}/status`);
  } catch (err) {
    return { ok: false, failure: failureOf(err) };
  }
  const status = parseStatus(statusText);
  let partial = 0;

  let readBytes = previous?.readBytes ?? 0;
  let writeBytes = previous?.writeBytes ?? 0;
  try {
    const io = parseIo(readProcFile(`${dir}/io`));
    readBytes = io.readBytes;
    writeBytes = io.writeBytes;
  } catch {
    partial++;
  }

  let openFds = -1;
  try {
    openFds = readdirSync(`${dir}/fd`).length;
  } catch {
    partial++;
  }

  // The soft limit almost never changes in a process's life (prlimit(1) can, rarely), so it
  // is read once per process: one file fewer per process per scrape.
  let fdLimit = knownLimit;
  if (fdLimit === undefined) {
    try {
      fdLimit = parseOpenFilesLimit(readProcFile(`${dir}/limits`));
    } catch {
      partial++;
    }
  }

  let pssBytes = 0;
  let swapPssBytes = 0;
  if (opts.gatherSmaps && status.rssBytes > 0) {
    try {
      const s = parseSmapsRollup(readProcFile(`${dir}/smaps_rollup`));
      pssBytes = s.pssBytes;
      swapPssBytes = s.swapPssBytes;
    } catch {
      partial++;
    }
  }

  let voluntary = status.voluntarySwitches;
  let nonvoluntary = status.nonvoluntarySwitches;
  let threadStates: string[] | undefined;
  let wchans: Map<string, number> | undefined;
  const multi = stat.numThreads > 1;
  // One walk of /proc/<pid>/task serves switches, states and wchans alike; a process of one
  // thread needs no walk: its stat state and its own wchan are its thread's.
  if (multi && (opts.threadContextSwitches || opts.threadStates || opts.threadsWchan)) {
    const tasks = readTasks(dir, opts.threadsWchan);
    if (tasks) {
      if (opts.threadContextSwitches) ({ voluntary, nonvoluntary } = tasks);
      if (opts.threadStates) threadStates = tasks.states;
      if (opts.threadsWchan) wchans = tasks.wchans;
    } else {
      partial++;
    }
  } else if (opts.threadsWchan) {
    wchans = new Map();
    countWchan(wchans, `${dir}/wchan`);
  }

  return {
    ok: true,
    m: {
      counts: {
        userTicks: stat.utime,
        systemTicks: stat.stime,
        readBytes,
        writeBytes,
        majorFaults: stat.majorFaults,
        minorFaults: stat.minorFaults,
        voluntarySwitches: voluntary,
        nonvoluntarySwitches: nonvoluntary,
      },
      residentBytes: status.rssBytes,
      virtualBytes: stat.vsize,
      swapBytes: status.swapBytes,
      pssBytes,
      swapPssBytes,
      openFds,
      fdLimit,
      partial,
      ...(threadStates ? { threadStates } : {}),
      ...(wchans ? { wchans } : {}),
    },
  };
}

interface Tasks {
  voluntary: number;
  nonvoluntary: number;
  states: string[];
  wchans: Map<string, number>;
}

/**
 * /proc/<pid>/status counts the main thread's switches only and gives the main thread's state;
 * the process's switches are the sum over /proc/<pid>/task/*, and process-exporter counts
 * states and wchans per thread. Threads that exit between listing and reading are skipped.
 */
function readTasks(dir: string, withWchan: boolean): Tasks | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`${dir}/task`);
  } catch {
    return undefined;
  }
  const out: Tasks = { voluntary: 0, nonvoluntary: 0, states: [], wchans: new Map() };
  for (const tid of tids) {
    try {
      const text = readProcFile(`${dir}/task/${tid}/status`);
      const s = parseSwitches(text);
      out.voluntary += s.voluntary;
      out.nonvoluntary += s.nonvoluntary;
      out.states.push(parseStateLetter(text));
    } catch (err) {
      if (failureOf(err) !== 'exited') return undefined;
      continue;
    }
    if (withWchan) countWchan(out.wchans, `${dir}/task/${tid}/wchan`);
  }
  return out;
}

/**
 * Adds the thread's wait function to the counts. "0" (or nothing) is a thread that is not
 * waiting, and process-exporter lists no wchan for it; a kernel without symbol lookup has no
 * wchan file, and a thread that just exited none either: both simply add nothing.
 */
function countWchan(into: Map<string, number>, path: string): void {
  let w: string;
  try {
    w = readProcFile(path).trim();
  } catch {
    return;
  }
  if (w && w !== '0') into.set(w, (into.get(w) ?? 0) + 1);
}
