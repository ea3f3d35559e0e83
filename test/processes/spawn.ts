import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real processes for the tests that compare with process-exporter or load the event loop.
// Each runs under a distinctive command name (a symlink to the real binary: the kernel takes
// /proc/<pid>/comm from the name that was executed), lives at most `seconds`, and is killed
// by pid in kill(); nothing is ever killed by name.

export interface Flock {
  dir: string;
  children: ChildProcess[];
  /** A command name that runs `target` (sleep by default). */
  command(name: string, target?: string): string;
  start(name: string, args: string[]): ChildProcess;
  kill(): void;
}

export function flock(): Flock {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-flock-'));
  const children: ChildProcess[] = [];
  const made = new Set<string>();
  const f: Flock = {
    dir,
    children,
    command(name, target = '/bin/sleep') {
      const path = join(dir, name);
      if (!made.has(name)) {
        symlinkSync(target, path);
        made.add(name);
      }
      return path;
    },
    start(name, args) {
      const child = spawn(join(dir, name), args, { stdio: 'ignore' });
      child.on('error', () => undefined); // a failed spawn shows up as a missing pid in the assertions
      children.push(child);
      return child;
    },
    kill() {
      for (const c of children) {
        if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
          try {
            process.kill(c.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return f;
}

/** Resolves once every child has a pid and has had `ms` to exec. */
export async function settled(children: ChildProcess[], ms = 300): Promise<void> {
  await Promise.all(children.map((c) => (c.pid !== undefined ? Promise.resolve() : new Promise((r) => c.once('spawn', r)))));
  await new Promise((r) => setTimeout(r, ms));
}
