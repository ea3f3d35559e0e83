import { procPath, type HostPaths } from './paths.js';
import { readOptional } from './read.js';

// Node has no getpagesize(). The kernel states it for every mapping in /proc/self/smaps
// ("KernelPageSize: 4 kB"); vigil's own first mapping is read once. 4 KiB, the size on
// x86-64 and most arm64 kernels, stands in where that file cannot be read.
let known: number | undefined;

export function pageSize(paths: HostPaths): number {
  if (known !== undefined) return known;
  known = 4096;
  try {
    const head = readOptional(procPath(paths, 'self', 'smaps'), false)?.slice(0, 4096);
    const m = head && /KernelPageSize:\s+(\d+) kB/.exec(head);
    if (m) known = Number(m[1]) * 1024;
  } catch {
    // keep the stand-in
  }
  return known;
}
