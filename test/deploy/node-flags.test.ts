import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shebangFlags } from '../../src/bench/host.js';

// vigil's memory and tail-latency figures hold for the V8 flags it is measured with (README,
// Performance). Every way of starting it must pass the same ones, and the bench must measure
// vigil the way users run it.
const file = (p: string) => readFileSync(fileURLToPath(new URL(`../../${p}`, import.meta.url)), 'utf8');
const SHEBANG = shebangFlags(file('src/cli.ts').split('\n', 1)[0]!);

/** The node flags between `node` and the script of a command line. */
function flagsBefore(script: string, words: string[]): string[] {
  const at = words.indexOf(script);
  expect(at, `${script} in ${words.join(' ')}`).toBeGreaterThan(0);
  return words.slice(words.findIndex((w) => w.endsWith('node')) + 1, at);
}

describe('the V8 flags vigil runs with', () => {
  it('include the nursery, old-space and GC settings the figures were measured with', () => {
    expect(SHEBANG).toEqual(['--max-semi-space-size=2', '--heap-growing-percent=50', '--no-allocation-site-pretenuring']);
  });

  it('are the same in npm start, the Dockerfile, the systemd unit and the built cli.js', () => {
    const start = (JSON.parse(file('package.json')) as { scripts: Record<string, string> }).scripts['start']!;
    expect(flagsBefore('dist/cli.js', start.split(' '))).toEqual(SHEBANG);
    const entry = /^ENTRYPOINT (\[.*\])$/m.exec(file('Dockerfile'))![1]!;
    expect(flagsBefore('dist/cli.js', JSON.parse(entry) as string[])).toEqual(SHEBANG);
    const exec = /^ExecStart=(.*)$/m.exec(file('deploy/systemd/vigil.service'))![1]!;
    expect(flagsBefore('/opt/vigil/dist/cli.js', exec.split(' '))).toEqual(SHEBANG);
    expect(shebangFlags(file('dist/cli.js').split('\n', 1)[0]!)).toEqual(SHEBANG);
  });

  it('are what the bench starts vigil with, unless VIGIL_BENCH_NODE_FLAGS says otherwise', async () => {
    // The built bench, which reads the built cli.js beside it, as `npm run bench` runs it.
    const built = fileURLToPath(new URL('../../dist/bench/host.js', import.meta.url));
    const { NODE_FLAGS } = (await import(built)) as { NODE_FLAGS: string[] };
    if (process.env['VIGIL_BENCH_NODE_FLAGS'] === undefined) expect(NODE_FLAGS).toEqual(SHEBANG);
    expect(() => shebangFlags('#!/usr/bin/env node')).toThrow(/not a/);
  });

  it('are accepted by this node, and the shebang fits the 127 bytes older kernels read', () => {
    const r = spawnSync(process.execPath, [...SHEBANG, fileURLToPath(new URL('../../dist/cli.js', import.meta.url)), '--version'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(Buffer.byteLength(file('src/cli.ts').split('\n', 1)[0]!)).toBeLessThanOrEqual(127);
  });
});
