import { describe, expect, it } from 'vitest';
import { hwmonCollector } from '../../src/collectors/hwmon.js';
import { osCollector, parseOsRelease } from '../../src/collectors/os.js';
import { parsePressure, pressureCollector } from '../../src/collectors/pressure.js';
import { timeCollector, timeFamilies } from '../../src/collectors/time.js';
import { parsePosixTz, tzifFooter, zoneAbbreviation } from '../../src/collectors/timezone.js';
import { unameCollector } from '../../src/collectors/uname.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

const setup = { options: {}, paths: FIXTURE_PATHS, platform: 'linux' as const };

describe('uname', () => {
  it('reads the uname fields from the procfs root', async () => {
    const m = flatten(await unameCollector.create(setup).collect(ctx()));
    expect(
      m.get(
        'node_uname_info{domainname="(none)",machine="x86_64",nodename="fixture-host",release="5.10.0-22-amd64",sysname="Linux",version="#1 SMP Debian 5.10.178-3 (2023-04-22)"}',
      ),
    ).toBe(1);
  });
});

describe('os', () => {
  it('unquotes os-release values', () => {
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nID=debian\n# comment\nX=\'a\\"b\'\n')).toEqual({
      NAME: 'Debian GNU/Linux',
      ID: 'debian',
      X: 'a"b',
    });
  });

  it('reports node_os_info and the numeric version', async () => {
    const m = flatten(await osCollector.create(setup).collect(ctx()));
    expect(m.get('node_os_version{id="debian",id_like="",name="Debian GNU/Linux"}')).toBe(12);
    expect([...m.keys()].find((k) => k.startsWith('node_os_info'))).toContain('version_codename="bookworm"');
  });

  it('fails (and so reports success 0) when there is no os-release at all', () => {
    const c = osCollector.create({ ...setup, paths: { ...FIXTURE_PATHS, rootfs: '/nonexistent' } });
    expect(() => c.collect(ctx())).toThrow(/os-release/);
  });
});

describe('pressure', () => {
  it('converts microsecond totals to seconds', () => {
    expect(parsePressure('some avg10=0 total=1500000\nfull avg10=0 total=7\n')).toEqual({ some: 1500000, full: 7 });
  });

  it('reads cpu, io and memory pressure', async () => {
    const m = flatten(await pressureCollector.create(setup).collect(ctx()));
    expect(m.get('node_pressure_cpu_waiting_seconds_total')).toBe(14.036781);
    expect(m.get('node_pressure_io_stalled_seconds_total')).toBe(159.229614);
    expect(m.get('node_pressure_memory_waiting_seconds_total')).toBe(0);
  });

  it('emits nothing on kernels without PSI', async () => {
    const c = pressureCollector.create({ ...setup, paths: { ...FIXTURE_PATHS, procfs: '/nonexistent' } });
    expect(await c.collect(ctx())).toEqual([]);
  });
});

describe('hwmon', () => {
  it('reports temperatures in celsius with chip and sensor labels', async () => {
    const m = flatten(await hwmonCollector.create(setup).collect(ctx()));
    expect(m.get('node_hwmon_temp_celsius{chip="hwmon0",sensor="temp1"}')).toBe(55);
    expect(m.get('node_hwmon_temp_celsius{chip="hwmon0",sensor="temp2"}')).toBe(42.5);
    expect(m.get('node_hwmon_temp_crit_celsius{chip="hwmon0",sensor="temp1"}')).toBe(100);
    expect(m.get('node_hwmon_sensor_label{chip="hwmon0",label="Package id 0",sensor="temp1"}')).toBe(1);
    expect(m.get('node_hwmon_chip_names{chip="hwmon0",chip_name="coretemp"}')).toBe(1);
  });
});

describe('time', () => {
  it('reports the clock, zone offset and clock sources', () => {
    const m = flatten(timeFamilies(new Date(1_700_000_000_000), 'UTC', { available: 'tsc hpet', current: 'tsc' }));
    expect(m.get('node_time_seconds')).toBe(1_700_000_000);
    expect(m.get('node_time_clocksource_available_info{clocksource="hpet",device="0"}')).toBe(1);
    expect(m.get('node_time_clocksource_current_info{clocksource="tsc",device="0"}')).toBe(1);
  });

  it('reads the fixture clock sources', async () => {
    const m = flatten(await timeCollector.create(setup).collect(ctx()));
    expect(m.get('node_time_clocksource_available_info{clocksource="acpi_pm",device="0"}')).toBe(1);
    expect(Math.abs(m.get('node_time_seconds')! - Date.now() / 1000)).toBeLessThan(5);
  });

  it('reads zone abbreviations from POSIX TZ strings', () => {
    expect(parsePosixTz('CET-1CEST,M3.5.0,M10.5.0/3')).toEqual({ std: 'CET', dst: 'CEST' });
    expect(parsePosixTz('<-03>3')).toEqual({ std: '-03' });
    expect(parsePosixTz('IST-5:30')).toEqual({ std: 'IST' });
    expect(parsePosixTz('UTC0')).toEqual({ std: 'UTC' });
  });

  it('takes the footer of a TZif v2 file', () => {
    const file = Buffer.concat([Buffer.from('TZif2'), Buffer.alloc(40), Buffer.from('\nEST5EDT,M3.2.0,M11.1.0\n')]);
    expect(tzifFooter(file)).toBe('EST5EDT,M3.2.0,M11.1.0');
    expect(zoneAbbreviation(new Date(), '/', 'UTC0')).toBe('UTC');
  });
});
