// The exec kind's entry, from config to an ExecProbe: the program found now (a missing or
// non-executable program is a config error at load, not a failing probe at 3 a.m.), the
// directory checked, and the environment built once, secrets read from env or file.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { isCredentialName } from '../yaml/credentials.js';
import { dropPrefix, ownAmbientMask } from './capabilities.js';
import type { Raw, Reader } from './config.js';
import type { ExecProbe } from './types.js';

/** PATH of the command when neither the config nor vigil's environment gives one. */
export const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

function executable(file: string): 'ok' | 'missing' | 'not-executable' {
  try {
    if (!statSync(file).isFile()) return 'not-executable';
    accessSync(file, constants.X_OK);
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'not-executable';
  }
}

/** The absolute path of `program`, as execvp would find it in `path`, or why not. */
export function findProgram(program: string, path: string): { file: string } | { problem: string; hint: string } {
  if (program.includes('/')) {
    if (!isAbsolute(program))
      return { problem: `${program} is a relative path`, hint: 'give an absolute path, or a bare name found in PATH' };
    const state = executable(program);
    if (state === 'ok') return { file: program };
    return state === 'missing'
      ? { problem: `${program} does not exist`, hint: 'check the path' }
      : {
          problem: `${program} is not an executable file vigil may run`,
          hint: "chmod +x it, and check that vigil's user may read and execute it",
        };
  }
  for (const dir of path.split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const file = join(dir, program);
    if (executable(file) === 'ok') return { file };
  }
  return { problem: `${program} is not found in PATH (${path})`, hint: 'give an absolute path, or set PATH in env' };
}

export function parseExec(raw: Raw, r: Reader, name: string, timeoutMs: number): ExecProbe | undefined {
  const command = (raw['command'] as string[]).map(String);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries((raw['env'] ?? {}) as Raw)) {
    if (typeof value === 'string') {
      if (isCredentialName(key)) {
        r.problem(
          ['env', key],
          'probe-inline-secret',
          `env ${key} looks like a credential and is written inline`,
          'use {value_env: VAR} or {value_file: /path}',
        );
      }
      env[key] = value;
    } else {
      const secret = r.secret(value as Raw, ['env', key], 'value');
      if (secret !== undefined) env[key] = secret;
    }
  }
  // The command sees PATH and the listed variables, nothing else of vigil's environment,
  // which may hold the secrets of other probes.
  env['PATH'] ??= r.env['PATH'] || DEFAULT_PATH;
  const found = findProgram(command[0] ?? '', env['PATH']);
  if ('problem' in found) {
    r.problem(['command', 0], 'probe-exec-not-found', found.problem, found.hint);
    return undefined;
  }
  const probe: ExecProbe = {
    kind: 'exec',
    name,
    timeoutMs,
    target: found.file,
    command: [found.file, ...command.slice(1)],
    env,
    metrics: raw['metrics'] === true,
  };
  if (ownAmbientMask() !== 0n) {
    const setpriv = findProgram('setpriv', `${r.env['PATH'] || DEFAULT_PATH}:/usr/bin:/bin`);
    if ('problem' in setpriv) {
      r.problem(
        ['command'],
        'probe-exec-capabilities',
        'vigil holds ambient capabilities the command would inherit, and setpriv is not found to drop them',
        "install util-linux (setpriv), or remove AmbientCapabilities from vigil's service",
      );
    } else {
      probe.launcher = dropPrefix(setpriv.file);
    }
  }
  if (typeof raw['working_directory'] === 'string') {
    const dir = raw['working_directory'];
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      /* reported below */
    }
    if (!isDir)
      r.problem(['working_directory'], 'probe-exec-bad-directory', `${dir} is not a directory`, 'give an existing absolute directory');
    probe.cwd = dir;
  }
  return probe;
}
