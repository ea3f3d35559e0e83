import { readdirSync } from 'node:fs';
import type { Counts } from './counts.js';
import { parseIo } from './parse/io.js';
import { parseOpenFilesLimit } from './parse/limits.js';
import { parseSmapsRollup } from './parse/smaps.js';
import type { ProcStat } from './parse/stat.js';
import { parseStatus, parseSwitches } from './parse/status.js';
import { failureOf, readProcFile, type ReadFailure } from './procfile.js';

// Everything vigil reads about a process it tracks, once per scrape. Only /proc/<pid>/status
// is required beyond stat; io, fd, limits and smaps_rollup may be closed to us (another
// user's process when not root) and then count as a partial read: the value is left out
// (fds, memory) or held at its last reading (I/O counters), never guessed.

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
}

export interface MeasureOptions {
  gatherSmaps: boolean;
  threadContextSwitches: boolean;
}

export type MeasureOutcome = { ok: true; m: Measurement } | { ok: false; failure: ReadFailure };

/**
 * @param dir /proc/<pid> under the procfs root
 * @param previous the last counters, to hold I/O steady when io is unreadable this time
 * @param knownLimit the soft fd limit read earlier in this process's life, if any
 */
export function measureProcess(dir: string, stat: ProcStat, previous: Counts | undefined, knownLimit: number | undefined, opts: MeasureOptions): MeasureOutcome {
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
  if (opts.threadContextSwitches && stat.numThreads > 1) {
    const sum = threadSwitches(dir);
    if (sum) ({ voluntary, nonvoluntary } = sum);
    else partial++;
  }

  return {
    ok: true,
    m: {
      counts: {
        userTicks: stat.utime, systemTicks: stat.stime, readBytes, writeBytes,
        majorFaults: stat.majorFaults, minorFaults: stat.minorFaults,
        voluntarySwitches: voluntary, nonvoluntarySwitches: nonvoluntary,
      },
      residentBytes: status.rssBytes,
      virtualBytes: stat.vsize,
      swapBytes: status.swapBytes,
      pssBytes,
      swapPssBytes,
      openFds,
      fdLimit,
      partial,
    },
  };
}

/**
 * /proc/<pid>/status counts the main thread's switches only; the process's are the sum over
 * /proc/<pid>/task/*. Threads that exit between listing and reading are skipped.
 */
function threadSwitches(dir: string): { voluntary: number; nonvoluntary: number } | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`${dir}/task`);
  } catch {
    return undefined;
  }
  let voluntary = 0;
  let nonvoluntary = 0;
  for (const tid of tids) {
    try {
      const s = parseSwitches(readProcFile(`${dir}/task/${tid}/status`));
      voluntary += s.voluntary;
      nonvoluntary += s.nonvoluntary;
    } catch (err) {
      if (failureOf(err) !== 'exited') return undefined;
    }
  }
  return { voluntary, nonvoluntary };
}
