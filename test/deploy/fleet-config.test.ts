import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tool } from '../support/tools.js';

// The shipped fleet configurations load in the real Prometheus's checker, which also reads
// the file_sd example and the rule files they name.

const promtool = tool('promtool', 'prometheus');
const PROM_DIR = fileURLToPath(new URL('../../prometheus', import.meta.url));

describe.skipIf(promtool.missing)('fleet configurations (promtool check config)', () => {
  it('prometheus-fleet.yml is valid, with its file_sd example and the compiled rules', () => {
    const r = run(promtool.path!, ['check', 'config', join(PROM_DIR, 'prometheus-fleet.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('rule files found');
  });

  it('prometheus-agent.yml is a valid agent-mode config', () => {
    const r = run(promtool.path!, ['check', 'config', '--agent', join(PROM_DIR, 'prometheus-agent.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('the check reads the file_sd files: a broken one fails it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fleet-cfg-'));
    cpSync(PROM_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'file_sd', 'vigil-hosts.yml'), '- targets: web-1.example.internal:9469\n');
    const r = run(promtool.path!, ['check', 'config', '--agent', join(dir, 'prometheus-agent.yml')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('checking SD file');
  });
});
