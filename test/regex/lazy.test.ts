import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// re2js and its automata cost about 8 MB of resident memory, a tenth of vigil's: the built-in
// filters run on RegExp, and the RE2 engine is loaded only for a regex a config writes.
const BUILD = fileURLToPath(new URL('../../dist/exporter/build.js', import.meta.url));
const DEFAULTS = fileURLToPath(new URL('../../dist/config/defaults.js', import.meta.url));

function loadsRe2(collectors: string): boolean {
  const script = `
    import { createRequire } from 'node:module';
    const { buildCollectors } = await import(${JSON.stringify(BUILD)});
    const { defaultConfig } = await import(${JSON.stringify(DEFAULTS)});
    const config = defaultConfig();
    Object.assign(config.collectors, ${collectors});
    const ctx = { paths: config.paths, signal: new AbortController().signal, deadline: Date.now() + 5000 };
    for (const c of await buildCollectors(config)) await c.collect(ctx);
    const cache = createRequire(import.meta.url).cache;
    console.log(Object.keys(cache).some((k) => k.includes('/re2js/')));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim().endsWith('true');
}

describe('the RE2 engine is loaded only when a config holds a regex', () => {
  it('is not loaded by the built-in defaults', () => {
    expect(loadsRe2('{}')).toBe(false);
  });

  it('is loaded, and used, for a regex the config writes', () => {
    expect(loadsRe2(`{ netdev: { device_exclude: '^(lo|veth.*)$' } }`)).toBe(true);
  });
});
