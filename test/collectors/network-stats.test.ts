import { describe, expect, it } from 'vitest';
import { arpCollector, parseArp } from '../../src/collectors/arp.js';
import { conntrackCollector, parseConntrackStat } from '../../src/collectors/conntrack.js';
import { netclassCollector } from '../../src/collectors/netclass.js';
import { DEFAULT_NETSTAT_FIELDS, netstatCollector, parsePairedKept, parseSnmp6 } from '../../src/collectors/netstat.js';
import { readNetclass, type KnownInterface } from '../../src/collectors/netclass.js';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSockstat, sockstatFamilies } from '../../src/collectors/sockstat.js';
import { parseSoftnet } from '../../src/collectors/softnet.js';
import { parseUdpQueues } from '../../src/collectors/udp-queues.js';
import type { CollectorDefinition } from '../../src/collectors/types.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

// A filter that keeps every field, to see the parse itself.
const EVERY_FIELD = /^/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any collector of the table, whatever its options
const run = async (def: CollectorDefinition<any>) =>
  flatten(await def.create({ options: {}, paths: FIXTURE_PATHS, platform: 'linux' }).collect(ctx()));

describe('netstat', () => {
  it("pairs the name and value lines of each protocol and keeps upstream's default fields only", async () => {
    const m = await run(netstatCollector);
    expect(m.has('node_netstat_Tcp_InSegs')).toBe(true);
    expect(m.has('node_netstat_Ip6_InOctets')).toBe(true);
    expect(m.has('node_netstat_TcpExt_ListenDrops')).toBe(true);
    // Fields outside the default filter stay out (upstream serves them only when asked).
    expect(m.has('node_netstat_Tcp_MaxConn')).toBe(false);
    expect(m.has('node_netstat_TcpExt_DelayedACKs')).toBe(false);
  });

  it('reads a negative value (Tcp MaxConn is -1) and the snmp6 protocol up to its 6', () => {
    const f = parsePairedKept('Tcp: RtoAlgorithm MaxConn CurrEstab\nTcp: 1 -1 7\n', EVERY_FIELD);
    expect(f).toEqual([
      { protocol: 'Tcp', name: 'RtoAlgorithm', value: 1 },
      { protocol: 'Tcp', name: 'MaxConn', value: -1 },
      { protocol: 'Tcp', name: 'CurrEstab', value: 7 },
    ]);
    expect(parseSnmp6('Ip6InOctets   120\nUdpLite6InErrors 3\n')).toEqual([
      { protocol: 'Ip6', name: 'InOctets', value: 120 },
      { protocol: 'UdpLite6', name: 'InErrors', value: 3 },
    ]);
  });

  it('converts only the kept columns, and still refuses a broken layout or a kept non-number', () => {
    const keep = new RegExp(DEFAULT_NETSTAT_FIELDS);
    const text = 'Tcp: RtoAlgorithm MaxConn CurrEstab InSegs\nTcp: 1 -1 7 900\n';
    expect(parsePairedKept(text, keep)).toEqual([
      { protocol: 'Tcp', name: 'CurrEstab', value: 7 },
      { protocol: 'Tcp', name: 'InSegs', value: 900 },
    ]);
    // A field the filter drops is not read, so its garbage does not fail the collector; a kept one does.
    expect(parsePairedKept('Tcp: MaxConn InSegs\nTcp: x 5\n', keep)).toEqual([{ protocol: 'Tcp', name: 'InSegs', value: 5 }]);
    expect(() => parsePairedKept('Tcp: MaxConn InSegs\nTcp: 1 many\n', keep)).toThrow(/non-numeric Tcp InSegs/);
    expect(() => parsePairedKept('Tcp: MaxConn InSegs\nTcp: 1\n', keep)).toThrow(/unexpected netstat layout/);
    expect(() => parsePairedKept('Tcp: MaxConn InSegs\nUdp: 1 2\n', keep)).toThrow(/unexpected netstat layout/);
    // Runs of blanks and tabs separate fields as one; a protocol that only starts like the header's is refused.
    expect(parsePairedKept('Tcp: MaxConn  InSegs\n  Tcp:\t-1   5 \n', keep)).toEqual([{ protocol: 'Tcp', name: 'InSegs', value: 5 }]);
    expect(() => parsePairedKept('Tcp: MaxConn InSegs\nTcp:x 1 2\n', keep)).toThrow(/unexpected netstat layout/);
  });

  it('works out the kept columns per filter: one header read under two filters gives each its own', () => {
    const text = 'Tcp: MaxConn InSegs\nTcp: -1 5\n';
    expect(parsePairedKept(text, /^Tcp_InSegs$/)).toEqual([{ protocol: 'Tcp', name: 'InSegs', value: 5 }]);
    expect(parsePairedKept(text, /^Tcp_MaxConn$/)).toEqual([{ protocol: 'Tcp', name: 'MaxConn', value: -1 }]);
  });

  it('reads only the snmp6 fields the filter keeps', () => {
    const keep = new RegExp(DEFAULT_NETSTAT_FIELDS);
    const text = 'Ip6InOctets\t120\nIp6InHdrErrors 4\nIp6FragOKs garbage\nIcmp6InMsgs   9\n';
    expect(parseSnmp6(text, keep)).toEqual([
      { protocol: 'Ip6', name: 'InOctets', value: 120 },
      { protocol: 'Icmp6', name: 'InMsgs', value: 9 },
    ]);
    // Another filter makes its own decisions about the same names.
    expect(parseSnmp6(text.replace('garbage', '2'), /^Ip6_FragOKs$/)).toEqual([{ protocol: 'Ip6', name: 'FragOKs', value: 2 }]);
  });

  it('fails on a header without its values, or a non-number, instead of serving nothing', () => {
    expect(() => parsePairedKept('Tcp: InSegs OutSegs\nUdp: 1 2\n', EVERY_FIELD)).toThrow(/unexpected netstat layout/);
    expect(() => parsePairedKept('Tcp: InSegs\nTcp: lots\n', EVERY_FIELD)).toThrow(/non-numeric Tcp InSegs/);
    expect(() => parseSnmp6('Ip6InOctets abc\n')).toThrow(/non-numeric/);
  });
});

describe('sockstat', () => {
  it('names each protocol/state pair and adds mem in bytes from pages', () => {
    const v4 = parseSockstat('sockets: used 19\nTCP: inuse 3 orphan 0 tw 27 alloc 3 mem 139\nFRAG: inuse 0 memory 0\n');
    const v6 = parseSockstat('TCP6: inuse 2\n');
    const m = flatten(sockstatFamilies(v4, v6, 4096));
    expect(m.get('node_sockstat_sockets_used')).toBe(19);
    expect(m.get('node_sockstat_TCP_tw')).toBe(27);
    expect(m.get('node_sockstat_TCP_mem')).toBe(139);
    expect(m.get('node_sockstat_TCP_mem_bytes')).toBe(139 * 4096);
    expect(m.get('node_sockstat_FRAG_memory')).toBe(0);
    expect(m.get('node_sockstat_TCP6_inuse')).toBe(2);
  });

  it('fails on a non-numeric field', () => {
    expect(() => parseSockstat('TCP: inuse many\n')).toThrow(/non-numeric sockstat TCP inuse/);
  });
});

describe('softnet, udp_queues, arp, conntrack', () => {
  it('reads softnet_stat hexadecimal columns per CPU', () => {
    expect(parseSoftnet('0000000a 00000001 00000002 00\n000000ff 00000000 00000000 00\n')).toEqual([
      { processed: 10, dropped: 1, squeezed: 2 },
      { processed: 255, dropped: 0, squeezed: 0 },
    ]);
    expect(() => parseSoftnet('zz 00 00\n')).toThrow(/unexpected softnet_stat line/);
  });

  it('sums the hexadecimal tx:rx queue column of every UDP socket', () => {
    const text = '  sl  local rem st tx_queue rx_queue\n 1: a b 07 00000010:00000A00 x\n 2: a b 07 00000001:00000001 x\n';
    expect(parseUdpQueues(text)).toEqual({ tx: 17, rx: 2561 });
  });

  it('counts ARP entries per device, and refuses a truncated table', async () => {
    const text =
      'IP address HW type Flags HW address Mask Device\n10.0.0.1 0x1 0x2 aa:bb * eth0\n10.0.0.2 0x1 0x2 aa:cc * eth0\n10.1.0.1 0x1 0x2 aa:dd * br0\n';
    expect([...parseArp(text)]).toEqual([
      ['eth0', 2],
      ['br0', 1],
    ]);
    expect(() => parseArp('10.0.0.1 0x1\n')).toThrow(/unexpected ARP/);
    expect((await run(arpCollector)).get('node_arp_entries{device="eth0"}')).toBe(1);
  });

  it('sums conntrack statistics over CPUs and reads the table size and limit', async () => {
    const sums = parseConntrackStat('entries found drop\n00000001 00000010 00000000\n00000001 00000001 00000002\n');
    expect(sums.get('found')).toBe(17);
    expect(sums.get('drop')).toBe(2);
    const m = await run(conntrackCollector);
    expect(m.get('node_nf_conntrack_entries')).toBe(33);
    expect(m.get('node_nf_conntrack_entries_limit')).toBe(262144);
    expect(m.get('node_nf_conntrack_stat_found')).toBe(17);
    expect(m.get('node_nf_conntrack_stat_insert')).toBe(7);
  });

  it('reports nothing, and no failure, where conntrack is not loaded', async () => {
    const fams = await conntrackCollector
      .create({ options: {}, paths: { ...FIXTURE_PATHS, procfs: '/nonexistent' }, platform: 'linux' })
      .collect(ctx());
    expect(fams).toEqual([]);
  });
});

describe('netclass', () => {
  it("asks an attribute the driver refused again only once the link's flags or operstate change", () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-netclass-'));
    try {
      cpSync(join(FIXTURE_PATHS.sysfs, 'class', 'net', 'eth0'), join(root, 'eth0'), { recursive: true });
      // A directory where the file should be: reading it fails, as carrier does on a down link.
      rmSync(join(root, 'eth0', 'carrier'));
      mkdirSync(join(root, 'eth0', 'carrier'));
      writeFileSync(join(root, 'eth0', 'operstate'), 'down\n');
      const known = new Map<string, KnownInterface>();
      const carrier = () => readNetclass(root, known)[0]!.attrs.get('carrier');
      expect(carrier()).toBeUndefined();
      expect(known.get('eth0')!.unreadable.has('carrier')).toBe(true);
      // Readable now, but nothing says the link changed: not asked again.
      rmSync(join(root, 'eth0', 'carrier'), { recursive: true });
      writeFileSync(join(root, 'eth0', 'carrier'), '1\n');
      expect(carrier()).toBeUndefined();
      // The link comes up: every attribute is asked again.
      writeFileSync(join(root, 'eth0', 'operstate'), 'up\n');
      expect(carrier()).toBe('1');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("serves each readable attribute of each interface under node_exporter's names", async () => {
    const m = await run(netclassCollector);
    expect(m.get('node_network_mtu_bytes{device="eth0"}')).toBe(1500);
    expect(m.get('node_network_flags{device="eth0"}')).toBe(0x1003);
    expect(m.get('node_network_speed_bytes{device="eth0"}')).toBe(125_000_000); // 1000 Mbit/s
    expect(m.get('node_network_carrier_changes_total{device="eth0"}')).toBe(2);
    expect(
      m.get(
        'node_network_info{device="eth0",address="02:fc:00:00:00:01",broadcast="ff:ff:ff:ff:ff:ff",duplex="full",ifalias="",operstate="up"}',
      ),
    ).toBe(1);
    // wlan0 is down: its driver answers no carrier or speed, so those series are left out.
    expect(m.has('node_network_carrier{device="wlan0"}')).toBe(false);
    expect(m.has('node_network_speed_bytes{device="wlan0"}')).toBe(false);
    expect(m.get('node_network_mtu_bytes{device="wlan0"}')).toBe(1500);
  });
});
