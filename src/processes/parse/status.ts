// /proc/<pid>/status: only the handful of lines vigil needs, found with indexOf rather than
// by splitting every line (the file has ~55 lines and is read for every tracked process).

export interface ProcStatus {
  /** Effective uid: the second number of the "Uid:" line (real, effective, saved, fs). */
  euid: number;
  /** Kernel threads have no memory lines; they read as 0. */
  rssBytes: number;
  swapBytes: number;
  voluntarySwitches: number;
  nonvoluntarySwitches: number;
}

export function parseStatus(text: string): ProcStatus {
  const uid = line(text, 'Uid:');
  return {
    euid: uid === undefined ? -1 : Number(uid.split(/\s+/)[1] ?? -1),
    rssBytes: kb(line(text, 'VmRSS:')),
    swapBytes: kb(line(text, 'VmSwap:')),
    voluntarySwitches: Number(line(text, 'voluntary_ctxt_switches:') ?? 0),
    nonvoluntarySwitches: Number(line(text, 'nonvoluntary_ctxt_switches:') ?? 0),
  };
}

/** The context-switch lines only, for summing a multi-threaded process's tasks. */
export function parseSwitches(text: string): { voluntary: number; nonvoluntary: number } {
  return {
    voluntary: Number(line(text, 'voluntary_ctxt_switches:') ?? 0),
    nonvoluntary: Number(line(text, 'nonvoluntary_ctxt_switches:') ?? 0),
  };
}

/** The state letter of the "State:" line ("S (sleeping)" → "S"), '' when there is none. */
export function parseStateLetter(text: string): string {
  return line(text, 'State:')?.[0] ?? '';
}

/** The trimmed rest of the line starting with `key`, or undefined when there is none. */
export function line(text: string, key: string): string | undefined {
  let at = text.startsWith(key) ? 0 : -1;
  if (at < 0) {
    const i = text.indexOf(`\n${key}`);
    if (i < 0) return undefined;
    at = i + 1;
  }
  const end = text.indexOf('\n', at);
  return text.slice(at + key.length, end < 0 ? undefined : end).trim();
}

function kb(v: string | undefined): number {
  if (v === undefined) return 0;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n * 1024 : 0;
}
