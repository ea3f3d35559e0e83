// Reads one small /proc file into a buffer shared by every read. readFileSync first fstat()s
// the file (procfs reports size 0) and grows its buffer; this does open/read/close only,
// which halves the cost per file, and the process table costs four or five files per pid.
// Synchronous on purpose: procfs reads never wait on a disk (see collectors/read.ts), and the
// scan yields between slices so the loop is never held long.
// O_NONBLOCK: a FIFO planted under the procfs root must not hold the event loop on open (it
// reads as empty instead); anything longer than the buffer goes through the collectors'
// reader, which refuses what is not a regular file and caps the size.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { readText } from '../collectors/read.js';

const shared = Buffer.allocUnsafe(64 * 1024);

export function readProcFile(path: string, encoding: 'latin1' | 'utf8' = 'latin1'): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  let n = 0;
  try {
    for (;;) {
      const r = readSync(fd, shared, n, shared.length - n, null);
      if (r <= 0) break;
      n += r;
      // A cmdline of 64 KB or more: start again with the general reader (UTF-8, bounded).
      if (n === shared.length) return readText(path, false);
    }
  } finally {
    closeSync(fd);
  }
  return shared.toString(encoding, 0, n);
}

/** Why a read failed: the process is gone (a race with its exit) or we may not read it. */
export type ReadFailure = 'exited' | 'unreadable';

export function failureOf(err: unknown): ReadFailure {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // ESRCH comes from files of a process that died after open; ENOENT from a pid that is gone.
  return code === 'ENOENT' || code === 'ESRCH' ? 'exited' : 'unreadable';
}
