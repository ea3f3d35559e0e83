// Ambient capabilities pass to every program a process execs (the shipped systemd unit gives
// vigil CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE for process groups). An exec probe's command
// must not get them: "runs as the vigil user" should mean that user's rights and no more. When
// vigil holds any, commands are started through util-linux's setpriv, which clears the
// ambient and inheritable sets before it execs the command.
import { readFileSync } from 'node:fs';

/** The CapAmb mask of a /proc/<pid>/status text; 0n when the line is absent (old kernels). */
export function ambientMask(status: string): bigint {
  const m = /^CapAmb:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

/** The arguments that put setpriv in front of a command to start it without capabilities. */
export function dropPrefix(setpriv: string): string[] {
  return [setpriv, '--inh-caps=-all', '--ambient-caps=-all', '--'];
}

let own: bigint | undefined;

/** vigil's own ambient set, read once: it cannot grow while the process runs. */
export function ownAmbientMask(): bigint {
  if (own === undefined) {
    try {
      own = ambientMask(readFileSync('/proc/self/status', 'utf8'));
    } catch {
      own = 0n; // no /proc: nothing known to drop
    }
  }
  return own;
}
