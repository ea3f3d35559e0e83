import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskstatsCollector, parseDiskstats, parseUdev } from '../../src/collectors/diskstats.js';
import { netdevCollector, parseNetdev, readNoHandler, readOperstates } from '../../src/collectors/netdev.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

const setup = (options = {}) => ({ options, paths: FIXTURE_PATHS, platform: 'linux' as const });

describe('diskstats', () => {
  it('parses lines with 11, 15 and 17 fields', () => {
    const d = parseDiskstats('8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n8 1 sdb 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n');
    expect(d.map((x) => [x.device, x.fields.length])).toEqual([
      ['sda', 11],
      ['sdb', 17],
    ]);
  });

  it('excludes partitions, loop and ram devices by default and converts sectors and milliseconds', async () => {
    const m = flatten(await diskstatsCollector.create(setup()).collect(ctx()));
    const devices = new Set([...m.keys()].map((k) => /device="([^"]+)"/.exec(k)?.[1]).filter(Boolean));
    expect([...devices].sort()).toEqual(['nvme0n1', 'sda']);
    expect(m.get('node_disk_read_bytes_total{device="sda"}')).toBe(1003346126 * 512);
    expect(m.get('node_disk_read_time_seconds_total{device="sda"}')).toBe(18492.372);
    expect(m.get('node_disk_flush_requests_total{device="sda"}')).toBe(1046);
    expect(m.has('node_disk_flush_requests_total{device="nvme0n1"}')).toBe(false);
  });

  it('labels node_disk_info with udev properties when the udev database has them', async () => {
    const m = flatten(await diskstatsCollector.create(setup()).collect(ctx()));
    expect(
      m.get(
        'node_disk_info{device="sda",major="8",minor="0",path="pci-0000:00:1f.2-ata-1",wwn="0x5000000000000001",model="Fixture_Disk",serial="FX123",revision="1.0"}',
      ),
    ).toBe(1);
    expect(parseUdev('E:ID_MODEL=X\nS:link\n')).toEqual({ ID_MODEL: 'X' });
  });

  it('honours device_include', async () => {
    const m = flatten(await diskstatsCollector.create(setup({ device_include: '^sda1$' })).collect(ctx()));
    expect([...m.keys()].every((k) => !k.includes('device=') || k.includes('device="sda1"'))).toBe(true);
    expect(m.get('node_disk_reads_completed_total{device="sda1"}')).toBe(250);
  });
});

describe('netdev', () => {
  it('parses /proc/net/dev rows', () => {
    const l = parseNetdev('Inter-|\n face |\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
    expect(l).toEqual([{ device: 'eth0', receive: [1, 2, 3, 4, 5, 6, 7, 8], transmit: [9, 10, 11, 12, 13, 14, 15, 16] }]);
  });

  it('excludes lo by default, names counters like node_exporter, and reports link state for every interface', async () => {
    const m = flatten(await netdevCollector.create(setup()).collect(ctx()));
    expect(m.get('node_network_receive_bytes_total{device="eth0"}')).toBe(68210035552);
    expect(m.get('node_network_transmit_colls_total{device="eth0"}')).toBe(4);
    expect(m.get('node_network_transmit_carrier_total{device="eth0"}')).toBe(5);
    expect(m.has('node_network_receive_bytes_total{device="lo"}')).toBe(false);
    expect(m.get('node_network_up{device="eth0"}')).toBe(1);
    expect(m.get('node_network_up{device="wlan0"}')).toBe(0);
    expect(m.get('node_network_up{device="lo"}')).toBe(0);
  });

  it('leaves out an interface whose sysfs files fail to read instead of failing the collector', () => {
    const sys = mkdtempSync(join(tmpdir(), 'vigil-sysfs-'));
    try {
      for (const dev of ['gone0', 'ok0']) mkdirSync(join(sys, 'class/net', dev, 'statistics'), { recursive: true });
      // A directory where a file belongs makes the read fail with EISDIR, as an interface
      // being unregistered makes it fail with EINVAL.
      mkdirSync(join(sys, 'class/net/gone0/statistics/rx_nohandler'));
      mkdirSync(join(sys, 'class/net/gone0/operstate'));
      writeFileSync(join(sys, 'class/net/ok0/statistics/rx_nohandler'), '3\n');
      writeFileSync(join(sys, 'class/net/ok0/operstate'), 'up\n');
      expect([...readNoHandler(sys, ['gone0', 'ok0'])]).toEqual([['ok0', 3]]);
      expect([...readOperstates(sys)]).toEqual([['ok0', 'up']]);
    } finally {
      rmSync(sys, { recursive: true, force: true });
    }
  });

  it('reads receive_nohandler from sysfs for the devices it reports', async () => {
    const m = flatten(await netdevCollector.create(setup()).collect(ctx()));
    expect(m.get('node_network_receive_nohandler_total{device="eth0"}')).toBe(7);
    expect(m.get('node_network_receive_nohandler_total{device="wlan0"}')).toBe(0);
    expect(m.has('node_network_receive_nohandler_total{device="lo"}')).toBe(false);
  });
});
