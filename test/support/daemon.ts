import { spawn, type ChildProcess } from 'node:child_process';

export interface Daemon {
  child: ChildProcess;
  /** The last 8 KB of its stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts a real server binary and waits until `readyUrl` answers 200 (30 s at most). On
 * failure it is stopped and the error carries its stderr; stop() sends SIGTERM, then SIGKILL.
 */
export async function startDaemon(name: string, binary: string, args: string[], readyUrl: string): Promise<Daemon> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${err}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`${name} not ready: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, stderr: () => err, stop };
}
