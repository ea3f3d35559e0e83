import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tool } from '../support/tools.js';

const UNIT = fileURLToPath(new URL('../../deploy/systemd/vigil.service', import.meta.url));
const analyze = tool('systemd-analyze', 'systemd');

function directives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

describe('shipped systemd unit', () => {
  it.skipIf(analyze.missing)('passes systemd-analyze verify with nothing to say', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-unit-'));
    const target = join(dir, 'vigil.service');
    // verify checks that ExecStart's program exists; Debian's nodejs puts it at /usr/bin/node.
    if (existsSync('/usr/bin/node')) copyFileSync(UNIT, target);
    else writeFileSync(target, readFileSync(UNIT, 'utf8').replaceAll('/usr/bin/node', process.execPath));
    const r = run(analyze.path!, ['verify', target], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    // Unknown keys and bad values are only warnings to systemd: any output is a defect here.
    expect((r.stdout + r.stderr).trim()).toBe('');
  });

  it('runs as its own user, read-only, without new privileges, and reloads with SIGHUP', () => {
    const d = directives(readFileSync(UNIT, 'utf8'));
    expect(d.get('User')).toEqual(['vigil']);
    expect(d.get('NoNewPrivileges')).toEqual(['yes']);
    expect(d.get('ProtectSystem')).toEqual(['strict']);
    expect(d.get('ProtectHome')).toEqual(['read-only']);
    expect(d.get('ReadOnlyPaths')).toContain('/');
    expect(d.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    expect(d.get('ExecStart')![0]).toMatch(/dist\/cli\.js serve --config \/etc\/vigil\/vigil\.yml$/);
    expect(d.get('CapabilityBoundingSet')).toEqual(['CAP_DAC_READ_SEARCH CAP_SYS_PTRACE']);
  });
});
