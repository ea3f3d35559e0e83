import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './support/tools.js';
import { CLI } from './support/vigil-process.js';

describe('the vigil command', () => {
  it('prints its version from package.json', () => {
    const r = run(process.execPath, [CLI, '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vigil \d+\.\d+\.\d+\n$/);
  });

  it('prints help naming every command', () => {
    const r = run(process.execPath, [CLI, '--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'compile', 'check', 'test']) expect(r.stdout).toContain(`vigil ${c}`);
    expect(run(process.execPath, [CLI, 'serve', '--help']).stdout).toContain('--path.procfs');
  });

  it('refuses an unknown command with usage and exit code 2', () => {
    const r = run(process.execPath, [CLI, 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('stops at start-up on a bad config file with file:line:column, the line and a caret', () => {
    const dir = `${process.env['TMPDIR'] ?? '/tmp'}`;
    const file = `${dir}/vigil-bad-${process.pid}.yml`;
    writeFileSync(file, 'collectors:\n  cpu: yes please\n');
    const r = run(process.execPath, [CLI, 'serve', '--config', file, '--listen', '127.0.0.1:0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: error config-schema: collectors.cpu`);
    expect(r.stderr).toContain('must be boolean or object, got string "yes please"\n    cpu: yes please\n         ^');
  });
});
