import { describe, expect, it } from 'vitest';
import { PORTABLE_COLLECTORS } from '../../src/collectors/portable/index.js';
import { withTimeout } from '../../src/collectors/portable/timeout.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { buildCollectors } from '../../src/exporter/build.js';
import { ctx, flatten } from '../support/host-fixture.js';

// The macOS/Windows path runs on Linux too (os module and systeminformation work here), so
// it is exercised for real rather than on a mock.

describe('portable collectors (the macOS and Windows source)', () => {
  it('replace the /proc readers off Linux and drop the Linux-only ones', async () => {
    const names = (await buildCollectors(defaultConfig(), 'darwin')).map((c) => c.name);
    expect(names).toEqual(['cpu', 'filesystem', 'loadavg', 'meminfo', 'netdev', 'os', 'time', 'uname', 'runtime']);
  });

  it('each produce node_exporter-named families from the live host', async () => {
    const all = new Map<string, number>();
    for (const def of PORTABLE_COLLECTORS) {
      const fams = await def.create({ options: {}, paths: ctx().paths, platform: 'darwin' }).collect(ctx(undefined, 10_000));
      expect(fams.length, def.name).toBeGreaterThan(0);
      for (const [k, v] of flatten(fams)) all.set(k, v);
    }
    expect(all.get('node_memory_total_bytes')).toBeGreaterThan(0);
    expect(all.get('node_cpu_seconds_total{cpu="0",mode="idle"}')).toBeGreaterThan(0);
    expect([...all.keys()].some((k) => k.startsWith('node_filesystem_size_bytes{') && k.includes('mountpoint="/"'))).toBe(true);
    expect([...all.keys()].some((k) => k.startsWith('node_uname_info{'))).toBe(true);
  });

  it('give up on a systeminformation call that does not answer in time', async () => {
    const started = Date.now();
    await expect(withTimeout(new Promise(() => undefined), 50, 'si.hang')).rejects.toThrow(/si.hang did not answer within 50 ms/);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
