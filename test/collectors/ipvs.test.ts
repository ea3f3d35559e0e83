import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIpv6, ipvsCollector, parseIpPort, parseIpvs, parseIpvsStats, type IpvsOptions } from '../../src/collectors/ipvs.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { releaseKeptFiles } from '../../src/collectors/read.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

const run = async (paths: HostPaths = FIXTURE_PATHS, options: IpvsOptions = {}) =>
  flatten(await ipvsCollector.create({ options, paths, platform: 'linux' }).collect(ctx(paths)));

const trees: string[] = [];
function procTree(files: Record<string, string>): HostPaths {
  const root = mkdtempSync(join(tmpdir(), 'vigil-ipvs-'));
  trees.push(root);
  mkdirSync(join(root, 'proc/net'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'proc/net', name), content);
  return { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: root };
}
afterEach(() => {
  releaseKeptFiles();
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('ipvs text', () => {
  it('reads hexadecimal addresses and ports, IPv6 written short', () => {
    expect(parseIpPort('C0A80016:0CEA', 'x')).toEqual({ address: '192.168.0.22', port: 3306 });
    expect(parseIpPort('[2620:0000:0abc:0000:0000:0000:0000:0001]:0050', 'x')).toEqual({ address: '2620:0:abc::1', port: 80 });
    expect(() => parseIpPort('C0A80016', 'ip_vs line 4')).toThrow(/ip_vs line 4: "C0A80016" is not a hexadecimal address:port/);
    // RFC 5952: the longest run of zero groups, the first of two equal ones, never a single one
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([0, 0, 0, 0, 0, 0, 0, 1])).toBe('::1');
    expect(formatIpv6([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0001])).toBe('192.168.0.1');
  });

  it('reads the totals from the third line of ip_vs_stats', () => {
    expect(
      parseIpvsStats(
        '   Total Incoming Outgoing         Incoming         Outgoing\n   Conns  Packets  Packets            Bytes            Bytes\n     23D   1A5F7B        0         1B2D5A03                0\n',
      ),
    ).toEqual({ connections: 0x23d, incomingPackets: 0x1a5f7b, outgoingPackets: 0, incomingBytes: 0x1b2d5a03, outgoingBytes: 0 });
    expect(() => parseIpvsStats('a\nb\n1 2 3\n')).toThrow(/ip_vs_stats line 3: expected 5 hexadecimal totals/);
  });

  it('gives each real server its virtual service, a firewall mark having no address', () => {
    const b = parseIpvs(
      'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\nFWM  10001000 wlc\n  -> C0A8321A:0CEA      Route   3      4          5\n',
    );
    expect(b).toEqual([
      {
        labels: {
          local_address: '',
          local_port: '0',
          proto: 'FWM',
          local_mark: '10001000',
          remote_address: '192.168.50.26',
          remote_port: '3306',
        },
        weight: 3,
        active: 4,
        inactive: 5,
      },
    ]);
    expect(() => parseIpvs('TCP  C0A80016:0CEA wlc\n  -> C0A85216:0CEA      Tunnel  100    many        2\n')).toThrow(
      /ip_vs line 2: expected weight, active and inactive connections as numbers/,
    );
  });
});

describe('ipvs collector', () => {
  it('serves the totals and every real server on the fixture tree', async () => {
    const m = await run();
    expect(m.get('node_ipvs_connections_total')).toBe(573);
    expect(m.get('node_ipvs_incoming_packets_total')).toBe(1728379);
    expect(m.get('node_ipvs_incoming_bytes_total')).toBe(455956995);
    const backend =
      'local_address="192.168.0.57",local_port="3306",remote_address="192.168.82.21",remote_port="3306",proto="TCP",local_mark=""';
    expect(m.get(`node_ipvs_backend_connections_active{${backend}}`)).toBe(1499);
    expect(m.get(`node_ipvs_backend_weight{${backend}}`)).toBe(100);
    const v6 = 'local_address="2620:0:abc::1",local_port="80",remote_address="2620:0:abc::8002",remote_port="80",proto="TCP",local_mark=""';
    expect(m.get(`node_ipvs_backend_connections_inactive{${v6}}`)).toBe(2);
    // 3 + 3 real servers of the MySQL services, 2 of the IPv6 one, 1 UDP, 2 behind the firewall mark
    expect([...m.keys()].filter((k) => k.startsWith('node_ipvs_backend_weight{')).length).toBe(11);
  });

  it('sums the real servers alike in the labels kept (backend_labels)', async () => {
    const m = await run(FIXTURE_PATHS, { backend_labels: ['proto', 'local_port'] });
    // TCP :3306 is the six real servers of the two MySQL services: 248 + 248 + 248 + 0 + 1499 + 1498
    expect(m.get('node_ipvs_backend_connections_active{local_port="3306",proto="TCP"}')).toBe(3741);
    expect(m.get('node_ipvs_backend_weight{local_port="3306",proto="TCP"}')).toBe(500);
    expect(m.get('node_ipvs_backend_connections_inactive{local_port="80",proto="TCP"}')).toBe(3);
    expect(m.get('node_ipvs_backend_connections_inactive{local_port="53",proto="UDP"}')).toBe(7);
    expect(m.get('node_ipvs_backend_weight{local_port="0",proto="FWM"}')).toBe(0);
    expect([...m.keys()].filter((k) => k.startsWith('node_ipvs_backend_weight{')).length).toBe(4);
  });

  it('is silent where ip_vs is not loaded, and fails when its table is missing', async () => {
    expect(await run(procTree({}))).toEqual(new Map());
    await expect(run(procTree({ ip_vs_stats: 'a\nb\n0 0 0 0 0\n' }))).rejects.toThrow(/net\/ip_vs is missing while ip_vs_stats is there/);
  });
});
