// The exec kind's config: problems found at load with their code and position, never as a
// failing probe later.
import { chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseProbes } from '../../src/probes/config.js';
import type { ExecProbe } from '../../src/probes/types.js';
import type { Diagnostic } from '../../src/yaml/diagnostic.js';
import { writeTemp } from './support.js';
import { configErrors } from '../support/config-errors.js';

const errors = configErrors;
const where = (d: Diagnostic) => [d.code, d.line, d.column];

describe('exec probe config', () => {
  it('finds a bare program name in PATH and keeps the arguments as written', () => {
    const config = parseConfig(
      [
        'probes:',
        '  - name: backup',
        '    kind: exec',
        '    command: [sh, -c, "exit 0", "$HOME"]',
        '    timeout: 30s',
        '    metrics: true',
      ].join('\n'),
      'vigil.yml',
    );
    const probe = parseProbes(config.probes).probes[0] as ExecProbe;
    expect(probe.command[0]).toMatch(/^\/.*\/sh$/);
    expect(probe.command.slice(1)).toEqual(['-c', 'exit 0', '$HOME']);
    expect(probe.target).toBe(probe.command[0]);
    expect(probe.metrics).toBe(true);
    expect(probe.timeoutMs).toBe(30_000);
  });

  it('refuses a missing, relative or non-executable program at its position', () => {
    const plain = writeTemp('not-executable.sh', 'exit 0\n');
    chmodSync(plain, 0o644);
    const ds = errors(
      [
        'probes:',
        '  - {name: a, kind: exec, command: [/nonexistent/check-backup]}',
        '  - {name: b, kind: exec, command: [bin/check]}',
        '  - {name: c, kind: exec, command: [no-such-program-vigil]}',
        `  - {name: d, kind: exec, command: [${plain}]}`,
      ].join('\n'),
    );
    expect(ds.map(where)).toEqual([
      ['probe-exec-not-found', 2, 37],
      ['probe-exec-not-found', 3, 37],
      ['probe-exec-not-found', 4, 37],
      ['probe-exec-not-found', 5, 37],
    ]);
    expect(ds.map((d) => d.message)).toEqual([
      expect.stringContaining('does not exist'),
      expect.stringContaining('relative path'),
      expect.stringContaining('not found in PATH'),
      expect.stringContaining('not an executable file'),
    ]);
  });

  it('refuses a working directory that is not one, and an inline credential in env', () => {
    const ds = errors(
      [
        'probes:',
        '  - name: a',
        '    kind: exec',
        '    command: [/bin/true]',
        '    working_directory: /nonexistent-vigil-dir',
        '    env:',
        '      BACKUP_PASSWORD: hunter2',
        '      REPO: /srv/backup',
      ].join('\n'),
    );
    expect(ds.map(where)).toEqual([
      ['probe-inline-secret', 7, 24],
      ['probe-exec-bad-directory', 5, 24],
    ]);
    expect(ds.map((d) => d.message).join('\n')).not.toContain('hunter2');
  });

  it('refuses by schema an empty command, a non-string argument, a relative directory and an unknown key', () => {
    const ds = errors(
      [
        'probes:',
        '  - {name: a, kind: exec, command: []}',
        '  - {name: b, kind: exec, command: [/bin/true, 3]}',
        '  - {name: c, kind: exec, command: [/bin/true], working_directory: srv}',
        '  - {name: d, kind: exec, command: [/bin/true], shell: true}',
        '  - {name: e, kind: exec, command: [/bin/true], env: {"BAD-NAME": x}}',
      ].join('\n'),
    );
    expect(new Set(ds.map((d) => d.code))).toEqual(new Set(['config-schema']));
    expect([...new Set(ds.map((d) => d.line))]).toEqual([2, 3, 4, 5, 6]);
  });

  it('reads an env secret from the environment or a file when the config is loaded', () => {
    const file = writeTemp('secret', 'from-file\n');
    process.env['VIGIL_EXEC_CFG_TOKEN'] = 'from-env';
    const config = parseConfig(
      [
        'probes:',
        `  - {name: a, kind: exec, command: [/bin/true], env: {API_TOKEN: {value_env: VIGIL_EXEC_CFG_TOKEN}, DB_PASSWORD: {value_file: ${file}}}}`,
      ].join('\n'),
      'vigil.yml',
    );
    const env = (parseProbes(config.probes).probes[0] as ExecProbe).env;
    delete process.env['VIGIL_EXEC_CFG_TOKEN'];
    expect(env).toEqual({ API_TOKEN: 'from-env', DB_PASSWORD: 'from-file', PATH: process.env['PATH'] });
  });
});
