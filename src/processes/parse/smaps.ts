// /proc/<pid>/smaps_rollup: the proportional set size shares pages mapped by several
// processes among them, so a group's Pss adds up to what it really costs the host.
import { line } from './status.js';

export interface ProcSmaps {
  pssBytes: number;
  swapPssBytes: number;
}

export function parseSmapsRollup(text: string): ProcSmaps {
  const kb = (key: string) => (Number.parseInt(line(text, key) ?? '0', 10) || 0) * 1024;
  return { pssBytes: kb('Pss:'), swapPssBytes: kb('SwapPss:') };
}
