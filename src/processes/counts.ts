// The per-process counters a group adds up. Kept in the kernel's units (CPU in clock ticks)
// so sums are exact integers; families.ts converts to seconds once, at the end.

export interface Counts {
  userTicks: number;
  systemTicks: number;
  readBytes: number;
  writeBytes: number;
  majorFaults: number;
  minorFaults: number;
  voluntarySwitches: number;
  nonvoluntarySwitches: number;
}

const KEYS: readonly (keyof Counts)[] = [
  'userTicks',
  'systemTicks',
  'readBytes',
  'writeBytes',
  'majorFaults',
  'minorFaults',
  'voluntarySwitches',
  'nonvoluntarySwitches',
];

export function zeroCounts(): Counts {
  return {
    userTicks: 0,
    systemTicks: 0,
    readBytes: 0,
    writeBytes: 0,
    majorFaults: 0,
    minorFaults: 0,
    voluntarySwitches: 0,
    nonvoluntarySwitches: 0,
  };
}

/**
 * What a process added since `before`. A field that went down (a thread of a multi-threaded
 * process exited and took its context switches with it) adds nothing rather than subtracting:
 * group counters must never go backwards.
 */
export function growth(now: Counts, before: Counts): Counts {
  const d = zeroCounts();
  for (const k of KEYS) d[k] = Math.max(0, now[k] - before[k]);
  return d;
}

export function addInto(target: Counts, d: Counts): void {
  for (const k of KEYS) target[k] += d[k];
}
