// Runs one configured command for the exec probe: an argv list, never a shell, in a process
// group of its own so that it and everything it forks can be killed together. stdin is
// /dev/null, stderr is discarded (it may hold anything, and vigil shows no command's words),
// stdout is read up to a bound. Whatever is left in the group when the command exits is
// killed; at the deadline the group gets SIGTERM, then SIGKILL after a short grace.
import { spawn } from 'node:child_process';

/** Bytes of stdout kept; more fails the probe, and the command is killed at once. */
export const MAX_OUTPUT_BYTES = 64 * 1024;
/** Time between SIGTERM and SIGKILL at the deadline. */
export const KILL_GRACE_MS = 1000;
/** Commands running at once in the whole process; the others wait for a turn (within their timeout). */
export const MAX_CONCURRENT_COMMANDS = 4;

export interface CommandSpec {
  argv: readonly string[];
  /** Run in front of argv, exec'ing it in the same process (setpriv dropping capabilities). */
  launcher?: readonly string[];
  cwd?: string;
  env: Record<string, string>;
  maxOutputBytes?: number;
}

export type CommandResult =
  | { end: 'exit'; code: number; stdout: string; outputBytes: number }
  | { end: 'signal'; signal: string; outputBytes: number }
  | { end: 'too_large'; outputBytes: number }
  | { end: 'spawn_error'; error: string }
  | { end: 'aborted' };

class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  /** Resolves when a turn is free; rejects with the signal's reason if it fires first. */
  take(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', give);
        this.running++;
        resolve();
      };
      const give = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal.reason);
      };
      this.waiting.push(go);
      signal.addEventListener('abort', give, { once: true });
    });
  }

  release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}

const turns = new Turns(MAX_CONCURRENT_COMMANDS);

/** Signals the whole group; false once no process of it is left. */
function signalGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Runs `spec` until it exits, overflows its output bound, or `signal` fires. */
export async function runCommand(spec: CommandSpec, signal: AbortSignal): Promise<CommandResult> {
  await turns.take(signal);
  const { result, gone } = start(spec, signal);
  // The turn is held until the command has really exited, not just until its verdict: one
  // that ignores SIGTERM still counts against the bound for its grace period.
  void gone.then(() => turns.release());
  return result;
}

function start(spec: CommandSpec, signal: AbortSignal): { result: Promise<CommandResult>; gone: Promise<void> } {
  const limit = spec.maxOutputBytes ?? MAX_OUTPUT_BYTES;
  let exited!: () => void;
  const gone = new Promise<void>((resolve) => {
    exited = resolve;
  });
  const result = new Promise<CommandResult>((resolve) => {
    if (signal.aborted) {
      resolve({ end: 'aborted' });
      exited();
      return;
    }
    const argv = [...(spec.launcher ?? []), ...spec.argv];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      shell: false,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let kept = 0;
    let outcome: CommandResult | undefined;
    let grace: NodeJS.Timeout | undefined;
    const pgid = child.pid;
    const settle = (r: CommandResult) => {
      if (outcome) return;
      outcome = r;
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => {
      if (pgid !== undefined && signalGroup(pgid, 'SIGTERM')) {
        // Not unref'd: a command that ignores SIGTERM must die even while vigil shuts down.
        grace = setTimeout(() => signalGroup(pgid, 'SIGKILL'), KILL_GRACE_MS);
      }
      child.stdout?.destroy();
      settle({ end: 'aborted' });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err: NodeJS.ErrnoException) => {
      // Only a failure to start: the pid is then undefined and nothing runs.
      if (pgid !== undefined) return;
      settle({ end: 'spawn_error', error: `${err.code ?? 'error'} starting ${spec.argv[0]}` });
      exited();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (outcome) return;
      if (kept + chunk.length > limit) {
        // The verdict is in: no grace, and nothing more is read.
        if (pgid !== undefined) signalGroup(pgid, 'SIGKILL');
        child.stdout!.destroy();
        settle({ end: 'too_large', outputBytes: bytes });
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    child.stdout!.on('error', () => undefined);
    // The leader has exited and been reaped: what it left in its group goes with it, so no
    // background job outlives the check and no pipe is held open by a grandchild.
    child.once('exit', () => {
      if (pgid !== undefined) signalGroup(pgid, 'SIGKILL');
      clearTimeout(grace);
      exited();
    });
    child.once('close', (code: number | null, sig: NodeJS.Signals | null) => {
      if (code !== null) settle({ end: 'exit', code, stdout: Buffer.concat(chunks).toString('utf8'), outputBytes: bytes });
      else settle({ end: 'signal', signal: sig ?? 'unknown', outputBytes: bytes });
    });
  });
  return { result, gone };
}
