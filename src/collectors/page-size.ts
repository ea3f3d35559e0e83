// Node has no getpagesize(). The kernel states it for every mapping in /proc/self/smaps
// ("KernelPageSize: 4 kB"); the first mapping's entry, in the file's first page, is read once
// (the whole file runs to hundreds of KB for a Node process). 4 KiB, the size on x86-64 and
// most arm64 kernels, stands in where that file cannot be read.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { procPath, type HostPaths } from './paths.js';

let known: number | undefined;

export function pageSize(paths: HostPaths): number {
  if (known !== undefined) return known;
  known = 4096;
  let fd: number | undefined;
  try {
    // Non-blocking, as every kernel-file read: a FIFO planted under a fixture root must not hang a scrape.
    fd = openSync(procPath(paths, 'self', 'smaps'), constants.O_RDONLY | constants.O_NONBLOCK);
    const buf = Buffer.alloc(4096);
    const head = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0));
    const m = /KernelPageSize:\s+(\d+) kB/.exec(head);
    if (m) known = Number(m[1]) * 1024;
  } catch {
    // keep the stand-in
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return known;
}
