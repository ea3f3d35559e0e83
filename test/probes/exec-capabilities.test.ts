// An exec probe's command runs with the vigil user's rights only: ambient capabilities vigil
// was started with (the systemd unit grants two) are dropped before the command starts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ambientMask, dropPrefix } from '../../src/probes/capabilities.js';
import { tool } from '../support/tools.js';

describe('ambient capabilities', () => {
  it('reads CapAmb from a status text', () => {
    expect(ambientMask('Name:\tnode\nCapInh:\t0000000000000004\nCapAmb:\t0000000000080004\nSeccomp:\t0\n')).toBe(0x80004n);
    expect(ambientMask('CapAmb:\t0000000000000000\n')).toBe(0n);
    expect(ambientMask('Name:\told-kernel\n')).toBe(0n);
  });

  const setpriv = tool('setpriv', 'util-linux');
  const root = process.getuid?.() === 0;
  if (!root && process.env['CI'] === 'true')
    throw new Error('this test starts vigil as nobody with ambient capabilities: CI must run it as root');

  it.skipIf(setpriv.missing || !root)('starts the command without the ambient capabilities vigil holds, under nobody', () => {
    const dist = (p: string) => JSON.stringify(fileURLToPath(new URL(`../../dist/${p}`, import.meta.url)));
    // Runs as nobody with CAP_DAC_READ_SEARCH ambient, as the systemd unit starts vigil.
    const script = [
      `const { parseProbes } = await import(${dist('probes/config.js')});`,
      `const { runProbe } = await import(${dist('probes/runner.js')});`,
      'const { execFileSync } = await import("node:child_process");',
      'const direct = execFileSync("/bin/grep", ["^CapAmb", "/proc/self/status"], { encoding: "utf8" }).trim();',
      // exit 0 only when the command's ambient set is empty
      'const { probes, problems } = parseProbes([{ name: "caps", kind: "exec", command: ["/bin/sh", "-c", "grep -q \\"^CapAmb:[[:space:]]*0*$\\" /proc/self/status"] }]);',
      'const r = await runProbe(probes[0], Date.now() + 10000);',
      'console.log(JSON.stringify({ direct, problems, success: r.metrics.get("probe_success"), reason: r.reason ?? null, launcher: probes[0].launcher ?? null }));',
    ].join('\n');
    const out = execFileSync(
      setpriv.path!,
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        '--inh-caps=+dac_read_search',
        '--ambient-caps=+dac_read_search',
        process.execPath,
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8', timeout: 30_000, cwd: '/' },
    );
    const seen = JSON.parse(out.trim().split('\n').pop()!) as {
      direct: string;
      problems: unknown[];
      success: number;
      reason: string | null;
      launcher: string[] | null;
    };
    // The setup is real: a program vigil starts by itself does inherit the capability ...
    expect(seen.direct).toMatch(/^CapAmb:\s*0*4$/);
    expect(seen.problems).toEqual([]);
    expect(seen.launcher).toEqual(dropPrefix(setpriv.path!));
    // ... and the probe's command does not.
    expect([seen.success, seen.reason]).toEqual([1, null]);
  });
});
