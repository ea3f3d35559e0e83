import { describe, expect, it } from 'vitest';
import { cpuCollector } from '../../src/collectors/cpu.js';
import { entropyCollector, entropyFamilies } from '../../src/collectors/entropy.js';
import { filefdCollector, parseFileNr } from '../../src/collectors/filefd.js';
import { selinuxFamilies } from '../../src/collectors/selinux.js';
import { timexCollector, timexFamilies } from '../../src/collectors/timex.js';
import { parseVmstat } from '../../src/collectors/vmstat.js';
import type { CollectorDefinition } from '../../src/collectors/types.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collector of the table, whatever its options
const run = async (def: CollectorDefinition<any>, options: unknown = {}) =>
  flatten(await def.create({ options, paths: FIXTURE_PATHS, platform: 'linux' }).collect(ctx()));

describe('vmstat, filefd, entropy', () => {
  it("keeps upstream's default vmstat fields (paging, swapping, faults, OOM kills)", () => {
    const m = flatten(parseVmstat('nr_free_pages 100\npgpgin 5\npswpout 6\npgfault 7\npgmajfault 8\noom_kill 1\nnr_dirty 3\n'));
    expect([...m.keys()].sort()).toEqual([
      'node_vmstat_oom_kill',
      'node_vmstat_pgfault',
      'node_vmstat_pgmajfault',
      'node_vmstat_pgpgin',
      'node_vmstat_pswpout',
    ]);
    expect(m.get('node_vmstat_pgmajfault')).toBe(8);
    expect(() => parseVmstat('pgfault x\n')).toThrow(/non-numeric vmstat pgfault/);
  });

  it("reads file-nr's first and third column", async () => {
    expect(parseFileNr('731\t0\t2466116\n')).toEqual({ allocated: 731, maximum: 2466116 });
    expect(() => parseFileNr('\n')).toThrow(/unexpected file-nr/);
    expect((await run(filefdCollector)).has('node_filefd_maximum')).toBe(true);
  });

  it('reads entropy and refuses an empty file rather than reporting 0 bits', async () => {
    expect(flatten(entropyFamilies('256\n', '256\n')).get('node_entropy_available_bits')).toBe(256);
    expect(() => entropyFamilies('', '256')).toThrow(/unexpected entropy_avail/);
    expect((await run(entropyCollector)).has('node_entropy_pool_size_bits')).toBe(true);
  });
});

describe('cpu info', () => {
  it("serves node_cpu_info per logical CPU with upstream's labels, and can be turned off", async () => {
    const m = await run(cpuCollector);
    expect(
      m.get(
        'node_cpu_info{cpu="1",vendor="GenuineIntel",family="6",model="85",model_name="Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz",microcode="0x2006e05",stepping="4",cachesize="28160 KB",core="1",package="0"}',
      ),
    ).toBe(1);
    const off = await run(cpuCollector, { info: false });
    // /proc/cpuinfo is read at most once a minute: a second collect within it serves the same series.
    const c = cpuCollector.create({ options: {}, paths: FIXTURE_PATHS, platform: 'linux' });
    const first = (await c.collect(ctx())).find((f) => f.name === 'node_cpu_info');
    const second = (await c.collect(ctx())).find((f) => f.name === 'node_cpu_info');
    expect(second).toBe(first);
    expect([...off.keys()].some((k) => k.startsWith('node_cpu_info'))).toBe(false);
    expect([...off.keys()].some((k) => k.startsWith('node_cpu_seconds_total'))).toBe(true);
  });
});

describe('selinux', () => {
  it('says disabled where selinuxfs is absent, and the modes where it is mounted', () => {
    expect(flatten(selinuxFamilies(undefined, undefined))).toEqual(new Map([['node_selinux_enabled', 0]]));
    const m = flatten(selinuxFamilies('0', 'SELINUX=enforcing\nSELINUXTYPE=targeted\n'));
    expect(m.get('node_selinux_enabled')).toBe(1);
    expect(m.get('node_selinux_current_mode')).toBe(0); // permissive now
    expect(m.get('node_selinux_config_mode')).toBe(1); // enforcing at boot
  });
});

describe('timex', () => {
  it("converts the kernel's units as adjtimex(2) defines them", () => {
    const base = {
      offset: 0,
      freq: 0,
      maxerror: 0,
      esterror: 0,
      status: 0,
      constant: 0,
      tick: 0,
      ppsfreq: 0,
      jitter: 0,
      shift: 0,
      stabil: 0,
      jitcnt: 0,
      calcnt: 0,
      errcnt: 0,
      stbcnt: 0,
      tai: 0,
      state: 0,
    };
    // Microsecond mode: 1500 µs offset; freq of 65536 is 1 ppm; tick 10000 µs; TIME_OK.
    let m = flatten(timexFamilies({ ...base, offset: 1500, freq: 65536 * 10, tick: 10000, maxerror: 16_000_000, tai: 37 }));
    expect(m.get('node_timex_offset_seconds')).toBeCloseTo(0.0015, 12);
    expect(m.get('node_timex_frequency_adjustment_ratio')).toBeCloseTo(1 + 10e-6, 12);
    expect(m.get('node_timex_tick_seconds')).toBe(0.01);
    expect(m.get('node_timex_maxerror_seconds')).toBe(16);
    expect(m.get('node_timex_sync_status')).toBe(1);
    expect(m.get('node_timex_tai_offset_seconds')).toBe(37);
    // STA_NANO: the offset is in nanoseconds; TIME_ERROR (5): not synchronised.
    m = flatten(timexFamilies({ ...base, status: 0x2000 | 0x40, offset: 1500, state: 5 }));
    expect(m.get('node_timex_offset_seconds')).toBeCloseTo(1.5e-6, 15);
    expect(m.get('node_timex_status')).toBe(0x2040);
    expect(m.get('node_timex_sync_status')).toBe(0);
  });

  it.skipIf(process.platform !== 'linux' || process.arch !== 'x64')("asks this machine's kernel through adjtimex", async () => {
    const m = await run(timexCollector);
    // The tick is 1/USER_HZ-ish: 10,000 µs on the kernels Debian builds (HZ=100 ticks of adjtimex).
    expect(m.get('node_timex_tick_seconds')).toBeGreaterThan(0);
    expect([0, 1]).toContain(m.get('node_timex_sync_status'));
  });
});
