// /proc/<pid>/stat: "pid (comm) state ppid ...". The command name may itself contain spaces
// and parentheses, so the fields are counted from the LAST ')' rather than split from the
// start; this also keeps the hot path free of regular expressions.

export interface ProcStat {
  comm: string;
  /** One letter: R, S, D, Z, T, t, X, I, ... */
  state: string;
  ppid: number;
  minorFaults: number;
  majorFaults: number;
  /** Clock ticks (USER_HZ). */
  utime: number;
  stime: number;
  numThreads: number;
  /** Clock ticks after boot; with the pid it identifies a process across pid reuse. */
  starttime: number;
  /** Bytes. */
  vsize: number;
}

export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // Fields after "comm) ": index 0 is field 3 of proc(5) (state), so field N is at N - 3.
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22) return undefined;
  return {
    comm: text.slice(open + 1, close),
    state: f[0]!,
    ppid: Number(f[1]),
    minorFaults: Number(f[7]),
    majorFaults: Number(f[9]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    numThreads: Number(f[17]),
    starttime: Number(f[19]),
    vsize: Number(f[20]),
  };
}
