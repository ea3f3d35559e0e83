import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bcacheCollector } from '../../src/collectors/bcache.js';
import { bondingCollector } from '../../src/collectors/bonding.js';
import { allocationRatio, btrfsCollector } from '../../src/collectors/btrfs.js';
import { dmiCollector } from '../../src/collectors/dmi.js';
import { edacCollector } from '../../src/collectors/edac.js';
import { fibreChannelCollector } from '../../src/collectors/fibrechannel.js';
import { nfsCollector, parseNfsClient } from '../../src/collectors/nfs.js';
import { nfsdCollector, nfsdFamilies, parseNfsd } from '../../src/collectors/nfsd.js';
import { nvmeCollector } from '../../src/collectors/nvme.js';
import { hwmonCollector } from '../../src/collectors/hwmon.js';
import { infinibandCollector } from '../../src/collectors/infiniband.js';
import { ipvsCollector } from '../../src/collectors/ipvs.js';
import { mdadmCollector, mdadmFamilies, parseMdstat } from '../../src/collectors/mdadm.js';
import { powerSupplyClassCollector, powerSupplyFamilies } from '../../src/collectors/powersupplyclass.js';
import { raplCollector, raplFamilies } from '../../src/collectors/rapl.js';
import { parseSchedstat, schedstatCollector } from '../../src/collectors/schedstat.js';
import { tapestatsCollector } from '../../src/collectors/tapestats.js';
import { thermalFamilies, thermalZoneCollector } from '../../src/collectors/thermal-zone.js';
import type { CollectorDefinition } from '../../src/collectors/types.js';
import { watchdogCollector } from '../../src/collectors/watchdog.js';
import { parseXfsStats, xfsCollector } from '../../src/collectors/xfs.js';
import { zfsCollector } from '../../src/collectors/zfs.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { hostTree } from '../support/host-tree.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collector of the table, whatever its options
const collect = async (def: CollectorDefinition<any>, paths: HostPaths = FIXTURE_PATHS) =>
  def.create({ options: {}, paths, platform: 'linux' }).collect(ctx(paths));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
const run = async (def: CollectorDefinition<any>, paths: HostPaths = FIXTURE_PATHS) => flatten(await collect(def, paths));

const tree = (files: Record<string, string>): HostPaths => hostTree(files, 'vigil-hw-');

const EMPTY: HostPaths = { procfs: '/nonexistent/proc', sysfs: '/nonexistent/sys', rootfs: '/nonexistent' };

describe('every hardware collector is silent where the host has no such source', () => {
  for (const def of [
    thermalZoneCollector,
    powerSupplyClassCollector,
    schedstatCollector,
    watchdogCollector,
    raplCollector,
    edacCollector,
    mdadmCollector,
    bondingCollector,
    nvmeCollector,
    nfsCollector,
    nfsdCollector,
    xfsCollector,
    btrfsCollector,
    bcacheCollector,
    infinibandCollector,
    zfsCollector,
    dmiCollector,
    ipvsCollector,
    fibreChannelCollector,
    tapestatsCollector,
  ]) {
    it(`${def.name}: no series and no failure`, async () => {
      // Empty families are left out of the exposition; a thrown error would fail the collector.
      expect((await collect(def, EMPTY)).flatMap((f) => f.samples)).toEqual([]);
    });
  }
});

describe('thermal_zone', () => {
  it('serves zones in degrees Celsius and cooling device states, leaving out a disabled zone', async () => {
    const m = await run(thermalZoneCollector);
    expect(m.get('node_thermal_zone_temp{type="x86_pkg_temp",zone="0"}')).toBe(52);
    expect(m.get('node_thermal_zone_temp{type="acpitz",zone="1"}')).toBe(27.8);
    expect([...m.keys()].filter((k) => k.includes('zone="2"'))).toEqual([]);
    expect(m.get('node_cooling_device_cur_state{name="1",type="intel_powerclamp"}')).toBe(-1);
    expect(m.get('node_cooling_device_max_state{name="0",type="Processor"}')).toBe(3);
  });

  it('leaves out a zone whose sensor cannot answer, and fails on one that answers garbage', async () => {
    // Missing temp: the driver has no reading (as upstream, the zone is skipped).
    const partial = tree({
      'sys/class/thermal/thermal_zone0/type': 'acpitz\n',
      'sys/class/thermal/thermal_zone3/type': 'pch\n',
      'sys/class/thermal/thermal_zone3/temp': '41000\n',
    });
    expect(await run(thermalZoneCollector, partial)).toEqual(new Map([['node_thermal_zone_temp{type="pch",zone="3"}', 41]]));
    expect(() => thermalFamilies([{ zone: '0', type: 'acpitz', temp: '' }], [])).toThrow(/thermal_zone0\/temp holds "", not an integer/);
    expect(() => thermalFamilies([], [{ name: '0', type: 'Fan', curState: 'on', maxState: '1' }])).toThrow(
      /cooling_device0\/cur_state holds "on"/,
    );
  });
});

describe('powersupplyclass', () => {
  it('scales µV, µWh and µW to volts, watt-hours and watts, and labels the info with the non-empty text attributes', async () => {
    const m = await run(powerSupplyClassCollector);
    expect(m.get('node_power_supply_voltage_volt{power_supply="BAT0"}')).toBe(12.19);
    expect(m.get('node_power_supply_energy_watthour{power_supply="BAT0"}')).toBe(36.9);
    expect(m.get('node_power_supply_power_watt{power_supply="BAT0"}')).toBe(9.84);
    expect(m.get('node_power_supply_cyclecount{power_supply="BAT0"}')).toBe(42);
    expect(m.get('node_power_supply_online{power_supply="AC"}')).toBe(1);
    expect(m.get('node_power_supply_info{power_supply="AC",type="Mains"}')).toBe(1);
    expect(
      m.get(
        'node_power_supply_info{capacity_level="Normal",manufacturer="SMP",model_name="5B10W13930",power_supply="BAT0",serial_number="1234",status="Discharging",technology="Li-ion",type="Battery"}',
      ),
    ).toBe(1);
    // uevent and alarm are not node_exporter attributes
    expect([...m.keys()].some((k) => k.includes('alarm') || k.includes('uevent'))).toBe(false);
  });

  it('reads temperatures in tenths of a degree and fails on a garbled attribute', () => {
    const m = flatten(
      powerSupplyFamilies([
        {
          name: 'BAT1',
          attrs: new Map([
            ['temp', '315'],
            ['current_now', '-1500000'],
          ]),
        },
      ]),
    );
    expect(m.get('node_power_supply_temp_celsius{power_supply="BAT1"}')).toBe(31.5);
    expect(m.get('node_power_supply_current_ampere{power_supply="BAT1"}')).toBe(-1.5);
    expect(() => powerSupplyFamilies([{ name: 'BAT1', attrs: new Map([['capacity', '8x']]) }])).toThrow(
      /BAT1\/capacity holds "8x", not an integer/,
    );
  });
});

describe('schedstat', () => {
  it('takes the last three counters of each cpu line, nanoseconds to seconds', async () => {
    expect(parseSchedstat('version 15\ntimestamp 1\ncpu3 1 2 3 4 5 6 1500000000 250000000 77\ndomain0 3 1 2\n')).toEqual([
      { cpu: '3', runningNs: 1500000000, waitingNs: 250000000, timeslices: 77 },
    ]);
    const m = await run(schedstatCollector);
    expect(m.get('node_schedstat_running_seconds_total{cpu="0"}')).toBe(2140.946536491);
    expect(m.get('node_schedstat_waiting_seconds_total{cpu="1"}')).toBe(984.532187654);
    expect(m.get('node_schedstat_timeslices_total{cpu="1"}')).toBe(1187632);
  });

  it('fails on a truncated or non-numeric cpu line', () => {
    expect(() => parseSchedstat('cpu0 0 0 0 0 0 0 1 2\n')).toThrow(/unexpected \/proc\/schedstat line: "cpu0 0 0 0 0 0 0 1 2"/);
    expect(() => parseSchedstat('cpu0 0 0 0 0 0 0 1 2 x\n')).toThrow(/unexpected \/proc\/schedstat line/);
  });
});

describe('watchdog', () => {
  it('serves the numeric attributes the driver shows and the text ones as info', async () => {
    const m = await run(watchdogCollector);
    expect(m.get('node_watchdog_timeout_seconds{name="watchdog0"}')).toBe(300);
    expect(m.get('node_watchdog_timeleft_seconds{name="watchdog0"}')).toBe(293);
    expect(
      m.get(
        'node_watchdog_info{identity="iTCO_wdt",name="watchdog0",options="0x8380",pretimeout_governor="",state="active",status="0x8000"}',
      ),
    ).toBe(1);
    expect(m.has('node_watchdog_pretimeout_seconds{name="watchdog0"}')).toBe(false); // the driver has none
  });

  it('fails on a garbled number', async () => {
    const paths = tree({ 'sys/class/watchdog/watchdog0/timeout': 'sixty\n' });
    await expect(collect(watchdogCollector, paths)).rejects.toThrow(/watchdog0\/timeout holds "sixty", not an integer/);
  });
});

describe('rapl', () => {
  it('names a family per zone name, numbering repeated names, in joules', async () => {
    const m = await run(raplCollector);
    const at = (z: string) => join(FIXTURE_PATHS.sysfs, 'class', 'powercap', z);
    expect(m.get(`node_rapl_package_joules_total{index="0",path="${at('intel-rapl:0')}"}`)).toBe(240422.366267);
    expect(m.get(`node_rapl_package_joules_total{index="1",path="${at('intel-rapl:1')}"}`)).toBe(14.625417);
    // Two plain "core" zones: the second is index 1, as upstream counts them.
    expect(m.get(`node_rapl_core_joules_total{index="1",path="${at('intel-rapl:1:0')}"}`)).toBe(7.331105);
    expect([...m.keys()].some((k) => k.includes('path="' + at('intel-rapl') + '"'))).toBe(false); // the control type has no name
  });

  it('fails on a zone without energy_uj or with a garbled one', async () => {
    const paths = tree({ 'sys/class/powercap/intel-rapl:0/name': 'package-0\n' });
    await expect(collect(raplCollector, paths)).rejects.toThrow(/intel-rapl:0 has a name but no energy_uj/);
    expect(() => raplFamilies([{ path: '/sys/class/powercap/intel-rapl:0', name: 'package-0', energyUj: '' }])).toThrow(
      /energy_uj holds "", not an integer/,
    );
  });
});

describe('edac', () => {
  it('serves controller totals and per-csrow counts, the unplaced ones as csrow "unknown"', async () => {
    const m = await run(edacCollector);
    expect(m.get('node_edac_correctable_errors_total{controller="0"}')).toBe(3);
    expect(m.get('node_edac_csrow_correctable_errors_total{controller="0",csrow="unknown"}')).toBe(1);
    expect(m.get('node_edac_csrow_correctable_errors_total{controller="0",csrow="0"}')).toBe(2);
    expect(m.get('node_edac_uncorrectable_errors_total{controller="0"}')).toBe(0);
  });

  it('fails on a missing or empty count rather than serving 0', async () => {
    const base = {
      'sys/devices/system/edac/mc/mc1/ce_count': '0\n',
      'sys/devices/system/edac/mc/mc1/ue_count': '0\n',
      'sys/devices/system/edac/mc/mc1/ue_noinfo_count': '0\n',
    };
    await expect(collect(edacCollector, tree(base))).rejects.toThrow(/edac mc1\/ce_noinfo_count is missing/);
    await expect(collect(edacCollector, tree({ ...base, 'sys/devices/system/edac/mc/mc1/ce_noinfo_count': '\n' }))).rejects.toThrow(
      /edac mc1\/ce_noinfo_count holds "", not an integer/,
    );
  });
});

describe('mdadm', () => {
  it('reads healthy, recovering, striped and inactive arrays from /proc/mdstat', async () => {
    const m = await run(mdadmCollector);
    expect(m.get('node_md_disks_required{device="md1"}')).toBe(3);
    expect(m.get('node_md_disks{device="md1",state="active"}')).toBe(2);
    expect(m.get('node_md_disks{device="md1",state="failed"}')).toBe(1);
    expect(m.get('node_md_disks{device="md1",state="spare"}')).toBe(1);
    expect(m.get('node_md_state{device="md1",state="recovering"}')).toBe(1);
    expect(m.get('node_md_state{device="md1",state="active"}')).toBe(0);
    expect(m.get('node_md_blocks_synced{device="md1"}')).toBe(166275968);
    expect(m.get('node_md_blocks_synced{device="md127"}')).toBe(1953382464); // in sync: all of it
    expect(m.get('node_md_disks_required{device="md0"}')).toBe(2); // raid0: its members
    expect(m.get('node_md_state{device="md2",state="inactive"}')).toBe(1);
    expect(m.get('node_md_disks{device="md2",state="spare"}')).toBe(1);
  });

  it('tells a check, a resync and a pending resync apart', () => {
    const text = [
      'md3 : active raid1 sdb1[1] sda1[0]',
      '      100 blocks super 1.2 [2/2] [UU]',
      '      [==>....]  check = 12.5% (12/100) finish=1.0min speed=10K/sec',
      '',
      'md4 : active raid1 sdd1[1] sdc1[0]',
      '      200 blocks super 1.2 [2/2] [UU]',
      '      bitmap: 1/2 pages [4KB], 65536KB chunk',
      '      [>.......]  resync =  2.0% (4/200) finish=9.0min speed=10K/sec',
      '',
      'md5 : active (auto-read-only) raid1 sdf1[1] sde1[0]',
      '      300 blocks super 1.2 [2/2] [UU]',
      '      \tresync=PENDING',
      '',
    ].join('\n');
    const m = flatten(mdadmFamilies(parseMdstat(text)));
    expect(m.get('node_md_state{device="md3",state="check"}')).toBe(1);
    expect(m.get('node_md_blocks_synced{device="md3"}')).toBe(12);
    expect(m.get('node_md_state{device="md4",state="resync"}')).toBe(1);
    expect(m.get('node_md_blocks_synced{device="md4"}')).toBe(4);
    expect(m.get('node_md_state{device="md5",state="resync"}')).toBe(1);
    expect(m.get('node_md_blocks_synced{device="md5"}')).toBe(0);
  });

  it('serves nothing when the md driver is loaded with no arrays', () => {
    expect(parseMdstat('Personalities : [raid1]\nunused devices: <none>\n')).toEqual([]);
  });

  it('fails on a garbled array instead of reporting zeros', () => {
    expect(() => parseMdstat('md1 : active raid5 sdb1[1] sda1[0]\n      lots of blocks [2/2] [UU]\n')).toThrow(
      /md1: expected the size in blocks/,
    );
    expect(() => parseMdstat('md1 : active raid1 sdb1[1] sda1[0]\n      100 blocks super 1.2\n')).toThrow(
      /md1: a raid1 status line without \[disks\/in sync\]/,
    );
    expect(() => parseMdstat('md1 : active raid1 sdb1[1] sda1[0]\n')).toThrow(/md1: an active array without a status line/);
    expect(() => parseMdstat('md1 : degraded raid1 sda1[0]\n      100 blocks [2/1] [U_]\n')).toThrow(
      /md1: expected "NAME : active\|inactive/,
    );
    expect(() => parseMdstat('md1 : active raid1 sdb1[1] sda1[0]\n      100 blocks [2/2] [UU]\n      recovery = 5%\n')).toThrow(
      /md1: a progress line without \(done\/total\) blocks/,
    );
  });
});

describe('hwmon fans, voltages, currents and power', () => {
  it("serves them under node_exporter's names and units, with their labels", async () => {
    const m = await run(hwmonCollector);
    const at = (name: string, sensor: string) => m.get(`${name}{chip="hwmon1",sensor="${sensor}"}`);
    expect(at('node_hwmon_fan_rpm', 'fan1')).toBe(1205);
    expect(at('node_hwmon_fan_min_rpm', 'fan1')).toBe(300);
    expect(at('node_hwmon_fan_fault', 'fan2')).toBe(1);
    expect(at('node_hwmon_in_volts', 'in0')).toBe(1.04);
    expect(at('node_hwmon_in_max_volts', 'in0')).toBe(1.744);
    expect(at('node_hwmon_curr_amps', 'curr1')).toBe(2.5);
    expect(at('node_hwmon_power_average_watt', 'power1')).toBe(15.23);
    expect(at('node_hwmon_power_cap_watt', 'power1')).toBe(95);
    expect(m.get('node_hwmon_sensor_label{chip="hwmon1",label="Vcore",sensor="in0"}')).toBe(1);
    expect(m.get('node_hwmon_temp_celsius{chip="hwmon0",sensor="temp1"}')).toBe(55); // temperatures as before
    expect([...m.keys()].some((k) => k.includes('pwm'))).toBe(false);
  });

  it('fails on a garbled reading instead of serving 0 RPM', async () => {
    const paths = tree({ 'sys/class/hwmon/hwmon0/name': 'nct6798\n', 'sys/class/hwmon/hwmon0/fan1_input': '\n' });
    await expect(collect(hwmonCollector, paths)).rejects.toThrow(/hwmon0\/fan1_input holds "", not an integer reading/);
  });
});

describe('bonding', () => {
  it("counts each bond's members and those whose link is up, under lower_* and the older slave_*", async () => {
    const m = await run(bondingCollector);
    expect(m.get('node_bonding_slaves{master="bond0"}')).toBe(2);
    expect(m.get('node_bonding_active{master="bond0"}')).toBe(1);
    expect(m.get('node_bonding_slaves{master="bond1"}')).toBe(1);
    expect(m.get('node_bonding_active{master="bond1"}')).toBe(1);
  });

  it('fails on a bond or member that bonding_masters names and sysfs lacks', async () => {
    await expect(collect(bondingCollector, tree({ 'sys/class/net/bonding_masters': 'bond0\n' }))).rejects.toThrow(
      /bond bond0 is named in bonding_masters but has no bonding\/slaves/,
    );
    await expect(
      collect(bondingCollector, tree({ 'sys/class/net/bonding_masters': 'bond0\n', 'sys/class/net/bond0/bonding/slaves': 'eth0\n' })),
    ).rejects.toThrow(/bond bond0: member eth0 has no bonding_slave\/mii_status/);
  });

  it('serves nothing for a loaded driver without bonds', async () => {
    expect((await collect(bondingCollector, tree({ 'sys/class/net/bonding_masters': '\n' }))).flatMap((f) => f.samples)).toEqual([]);
  });
});

describe('nvme', () => {
  it("serves node_nvme_info with upstream's labels per controller", async () => {
    const m = await run(nvmeCollector);
    expect([...m]).toEqual([
      [
        'node_nvme_info{device="nvme0",firmware_revision="2B2QEXM7",model="Samsung SSD 970 EVO Plus 1TB",serial="S4EWNX0R123456",state="live"}',
        1,
      ],
    ]);
  });
});

describe('nfs', () => {
  it("serves the client's network, RPC and per-procedure counters under node_exporter's method names", async () => {
    const m = await run(nfsCollector);
    expect(m.get('node_nfs_packets_total{protocol="udp"}')).toBe(70);
    expect(m.get('node_nfs_packets_total{protocol="tcp"}')).toBe(69);
    expect(m.get('node_nfs_connections_total')).toBe(45);
    expect(m.get('node_nfs_rpcs_total')).toBe(1218785755);
    expect(m.get('node_nfs_rpc_retransmissions_total')).toBe(374636);
    expect(m.get('node_nfs_rpc_authentication_refreshes_total')).toBe(1218815394);
    expect(m.get('node_nfs_requests_total{method="FsStat",proto="2"}')).toBe(82);
    expect(m.get('node_nfs_requests_total{method="Commit",proto="3"}')).toBe(88);
    expect(m.get('node_nfs_requests_total{method="Read",proto="4"}')).toBe(1286);
    expect(m.get('node_nfs_requests_total{method="Lookup",proto="4"}')).toBe(9812);
    expect(m.get('node_nfs_requests_total{method="Clone",proto="4"}')).toBe(0);
    expect([...m.keys()].filter((k) => k.includes('proto="4"')).length).toBe(59);
  });

  it('leaves out the v4 procedures an older kernel does not count, and a version it does not list', () => {
    const s = parseNfsClient('net 1 1 0 1\nrpc 5 0 5\nproc4 3 1 2 3\n');
    expect(s.requests).toEqual([
      { proto: '4', method: 'Null', value: 1 },
      { proto: '4', method: 'Read', value: 2 },
      { proto: '4', method: 'Write', value: 3 },
    ]);
  });

  it('fails on a truncated or garbled line', () => {
    expect(() => parseNfsClient('net 1 2 3\n')).toThrow(/"net" has 3 counters, expected 4/);
    expect(() => parseNfsClient('proc3 22 1 2\n')).toThrow(/"proc3" says 22 procedures but has 2/);
    expect(() => parseNfsClient('rpc 1 x 3\n')).toThrow(/unexpected \/proc\/net\/rpc\/nfs line: "rpc 1 x 3"/);
  });
});

describe('nfsd', () => {
  it("serves the server's caches, I/O, threads, RPCs and requests under node_exporter 1.5's names", async () => {
    const m = await run(nfsdCollector);
    expect(m.get('node_nfsd_reply_cache_nocache_total')).toBe(18622);
    expect(m.get('node_nfsd_disk_bytes_read_total')).toBe(157286400);
    expect(m.get('node_nfsd_disk_bytes_written_total')).toBe(72864);
    expect(m.get('node_nfsd_server_threads')).toBe(8); // the float histogram after it is not read
    expect(m.get('node_nfsd_read_ahead_cache_size_blocks')).toBe(32);
    expect(m.get('node_nfsd_packets_total{proto="tcp"}')).toBe(18628);
    expect(m.get('node_nfsd_connections_total')).toBe(6);
    expect(m.get('node_nfsd_server_rpcs_total')).toBe(18628);
    expect(m.get('node_nfsd_requests_total{method="GetAttr",proto="2"}')).toBe(69); // after the count and NULL
    expect(m.get('node_nfsd_requests_total{method="Lookup",proto="3"}')).toBe(2719);
    expect(m.get('node_nfsd_requests_total{method="Commit",proto="3"}')).toBe(0);
    // proc4ops counts per operation number: ACCESS is 3, GETATTR 9, PUTFH 22, RENEW 30.
    expect(m.get('node_nfsd_requests_total{method="Access",proto="4"}')).toBe(1098);
    expect(m.get('node_nfsd_requests_total{method="GetAttr",proto="4"}')).toBe(8179);
    expect(m.get('node_nfsd_requests_total{method="PutFH",proto="4"}')).toBe(9609);
    expect(m.get('node_nfsd_requests_total{method="Renew",proto="4"}')).toBe(1236);
    expect(m.has('node_nfsd_requests_total{method="Null",proto="3"}')).toBe(false);
  });

  it('leaves out what a newer kernel no longer writes (ra) and operations past the count', () => {
    const m = flatten(nfsdFamilies(parseNfsd('th 4 0\nproc4ops 4 0 0 0 7\n')));
    expect(m.get('node_nfsd_server_threads')).toBe(4);
    expect(m.get('node_nfsd_requests_total{method="Access",proto="4"}')).toBe(7);
    expect([...m.keys()].filter((k) => k.startsWith('node_nfsd_requests_total'))).toEqual([
      'node_nfsd_requests_total{method="Access",proto="4"}',
    ]);
    expect([...m.keys()].some((k) => k.startsWith('node_nfsd_read_ahead'))).toBe(false);
  });

  it('fails on a truncated or garbled line', () => {
    expect(() => parseNfsd('rc 0 6\n')).toThrow(/unexpected \/proc\/net\/rpc\/nfsd "rc" line/);
    expect(() => parseNfsd('io 1 x\n')).toThrow(/"io" line/);
    expect(() => parseNfsd('proc4ops 72 0 0\n')).toThrow(/"proc4ops" says 72 counters but has 2/);
  });
});

describe('xfs', () => {
  it("serves each mounted filesystem's statistics, not the sum over all of them", async () => {
    const m = await run(xfsCollector);
    expect(m.get('node_xfs_extent_allocation_blocks_allocated_total{device="sda1"}')).toBe(872);
    expect(m.get('node_xfs_block_mapping_extent_list_lookups_total{device="sda1"}')).toBe(94);
    expect(m.get('node_xfs_directory_operation_getdents_total{device="sda1"}')).toBe(52);
    expect(m.get('node_xfs_inode_operation_attribute_changes_total{device="sda1"}')).toBe(10);
    // "rw 28 97" is xs_write_calls then xs_read_calls
    expect(m.get('node_xfs_write_calls_total{device="sda1"}')).toBe(28);
    expect(m.get('node_xfs_read_calls_total{device="sda1"}')).toBe(97);
    expect(m.get('node_xfs_vnode_remove_total{device="sda1"}')).toBe(16);
    expect([...m.keys()].some((k) => k.includes('device="stats"'))).toBe(false);
  });

  it('fails on a served group with the wrong number of counters or a non-number', () => {
    expect(() => parseXfsStats('dir 3 2 1\n', 'sda1')).toThrow(/xfs sda1 stats: unexpected "dir" line "dir 3 2 1" \(expected 4 counters\)/);
    expect(() => parseXfsStats('rw 28 x\n', 'sda1')).toThrow(/unexpected "rw" line/);
    expect(parseXfsStats('trans 1 2\ndebug 0\n', 'sda1').size).toBe(0); // groups not served are not checked
  });
});

describe('btrfs', () => {
  const U = '0abb23a9-579b-43e6-ad30-227ef47fcb9d';
  it('serves allocation per block group type and profile, the global reserve and device sizes in bytes', async () => {
    const m = await run(btrfsCollector);
    expect(m.get(`node_btrfs_info{label="fixture",uuid="${U}"}`)).toBe(1);
    expect(m.get(`node_btrfs_global_rsv_size_bytes{uuid="${U}"}`)).toBe(16777216);
    expect(m.get(`node_btrfs_reserved_bytes{block_group_type="data",uuid="${U}"}`)).toBe(1048576);
    expect(m.get(`node_btrfs_size_bytes{block_group_type="metadata",mode="raid1",uuid="${U}"}`)).toBe(1073741824);
    expect(m.get(`node_btrfs_used_bytes{block_group_type="data",mode="raid0",uuid="${U}"}`)).toBe(808189952);
    expect(m.get(`node_btrfs_allocation_ratio{block_group_type="metadata",mode="raid1",uuid="${U}"}`)).toBe(2);
    expect(m.get(`node_btrfs_device_size_bytes{device="loop25",uuid="${U}"}`)).toBe(20971520 * 512); // sectors
    expect([...m.keys()].some((k) => k.includes('features'))).toBe(false);
  });

  it('works out the ratio of parity profiles from the device count', () => {
    expect(allocationRatio('raid5', 3)).toBe(1.5);
    expect(allocationRatio('raid6', 4)).toBe(2);
    expect(allocationRatio('dup', 1)).toBe(2);
  });

  it('fails on a missing or garbled allocation file rather than serving 0', async () => {
    const base = {
      [`sys/fs/btrfs/${U}/label`]: 'x\n',
      [`sys/fs/btrfs/${U}/allocation/data/bytes_reserved`]: '0\n',
      [`sys/fs/btrfs/${U}/allocation/metadata/bytes_reserved`]: '0\n',
      [`sys/fs/btrfs/${U}/allocation/system/bytes_reserved`]: '0\n',
    };
    await expect(collect(btrfsCollector, tree(base))).rejects.toThrow(new RegExp(`btrfs ${U}/allocation/global_rsv_size is missing`));
    await expect(collect(btrfsCollector, tree({ ...base, [`sys/fs/btrfs/${U}/allocation/global_rsv_size`]: 'lots\n' }))).rejects.toThrow(
      /global_rsv_size holds "lots", not an integer/,
    );
  });
});
