import { describe, expect, it } from 'vitest';
import { loadavgCollector, parseLoadavg } from '../../src/collectors/loadavg.js';
import { meminfoCollector, meminfoFamilies, parseMeminfo } from '../../src/collectors/meminfo.js';
import { parseStat, statCollector } from '../../src/collectors/stat.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

const setup = { options: {}, paths: FIXTURE_PATHS, platform: 'linux' as const };

describe('meminfo', () => {
  it('turns kB into bytes and keeps unitless counts without the _bytes suffix', () => {
    const m = flatten(meminfoFamilies(parseMeminfo('MemTotal:  100 kB\nHugePages_Total:   3\nActive(anon):  2 kB\n')));
    expect(m.get('node_memory_MemTotal_bytes')).toBe(102400);
    expect(m.get('node_memory_HugePages_Total')).toBe(3);
    expect(m.get('node_memory_Active_anon_bytes')).toBe(2048);
  });

  it('reads the fixture', async () => {
    const m = flatten(await meminfoCollector.create(setup).collect(ctx()));
    expect(m.get('node_memory_MemAvailable_bytes')).toBe(1874024 * 1024);
    expect(m.get('node_memory_Inactive_file_bytes')).toBe(412820 * 1024);
  });
});

describe('loadavg', () => {
  it('parses the three averages', () => {
    expect(parseLoadavg('0.21 0.37 0.39 1/719 19737\n')).toEqual([0.21, 0.37, 0.39]);
  });

  it('rejects garbage instead of reporting NaN', () => {
    expect(() => parseLoadavg('nonsense')).toThrow(/unexpected/);
  });

  it('reads the fixture', async () => {
    const m = flatten(await loadavgCollector.create(setup).collect(ctx()));
    expect([m.get('node_load1'), m.get('node_load5'), m.get('node_load15')]).toEqual([0.21, 0.37, 0.39]);
  });
});

describe('stat', () => {
  it('picks boot time, context switches, forks, interrupts and process counts', () => {
    const s = parseStat('btime 5\nctxt 6\nprocesses 7\nintr 8 1 2\nprocs_running 9\nprocs_blocked 10\n');
    expect(s).toEqual({ bootTime: 5, contextSwitches: 6, forks: 7, interrupts: 8, procsRunning: 9, procsBlocked: 10 });
  });

  it('reads the fixture', async () => {
    const m = flatten(await statCollector.create(setup).collect(ctx()));
    expect(m.get('node_boot_time_seconds')).toBe(1418183276);
    expect(m.get('node_context_switches_total')).toBe(38014093);
    expect(m.get('node_forks_total')).toBe(26442);
    expect(m.get('node_procs_running')).toBe(2);
    expect(m.get('node_procs_blocked')).toBe(1);
  });
});
