// What /proc says about a process group, for the exec probe tests: which of its processes are
// alive, and which are zombies nobody has reaped.
import { readdirSync, readFileSync } from 'node:fs';

export interface Member {
  pid: number;
  state: string;
  ppid: number;
}

/** Every process whose process group is `pgid`, read from /proc/<pid>/stat. */
export function groupMembers(pgid: number): Member[] {
  const out: Member[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue; // gone while we looked
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) === pgid) out.push({ pid: Number(d), state: f[0]!, ppid: Number(f[1]) });
  }
  return out;
}

/** Whether a process of this pid exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Waits (bounded) until no process of the group is alive and none is a zombie of this
 * process; returns what is left. Orphaned grandchildren are reaped by PID 1, whose timing
 * is not vigil's, so their zombies are not counted.
 */
export async function groupGone(pgid: number, withinMs = 10_000): Promise<Member[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const left = groupMembers(pgid).filter((m) => m.state !== 'Z' || m.ppid === process.pid);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
