import { describe, expect, it } from 'vitest';
import { cpuCollector, cpuFamilies, parseCpuTimes } from '../../src/collectors/cpu.js';
import { cpufreqCollector } from '../../src/collectors/cpufreq.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

describe('cpu', () => {
  it('parses per-CPU lines and skips the aggregate line', () => {
    const t = parseCpuTimes('cpu  10 0 0 0\ncpu0 100 2 30 400 5 6 7 8 9 10\ncpu1 1 2 3 4 5 6 7 8\nintr 1\n');
    expect(t.map((x) => x.cpu)).toEqual(['0', '1']);
    expect(t[0]!.values).toEqual([100, 2, 30, 400, 5, 6, 7, 8, 9, 10]);
  });

  it('converts USER_HZ jiffies to seconds per mode, with guest time separate', () => {
    const m = flatten(cpuFamilies(parseCpuTimes('cpu0 100 2 30 400 5 6 7 8 9 10\n')));
    expect(m.get('node_cpu_seconds_total{cpu="0",mode="user"}')).toBe(1);
    expect(m.get('node_cpu_seconds_total{cpu="0",mode="idle"}')).toBe(4);
    expect(m.get('node_cpu_seconds_total{cpu="0",mode="steal"}')).toBe(0.08);
    expect(m.get('node_cpu_guest_seconds_total{cpu="0",mode="user"}')).toBe(0.09);
    expect(m.get('node_cpu_guest_seconds_total{cpu="0",mode="nice"}')).toBe(0.1);
  });

  it('reads the fixture procfs', async () => {
    const fams = await cpuCollector.create({ options: {}, paths: FIXTURE_PATHS, platform: 'linux' }).collect(ctx());
    const m = flatten(fams);
    expect(m.get('node_cpu_seconds_total{cpu="1",mode="system"}')).toBe(164.74);
    expect([...m.keys()].filter((k) => k.startsWith('node_cpu_seconds_total'))).toHaveLength(16);
  });

  it('reports scaling frequencies in hertz where cpufreq exists', async () => {
    const m = flatten(await cpufreqCollector.create({ options: {}, paths: FIXTURE_PATHS, platform: 'linux' }).collect(ctx()));
    expect(m.get('node_cpu_scaling_frequency_hertz{cpu="0"}')).toBe(1.8e9);
    expect(m.get('node_cpu_scaling_frequency_max_hertz{cpu="1"}')).toBe(3.6e9);
    expect(m.has('node_cpu_frequency_hertz{cpu="0"}')).toBe(false);
  });
});
