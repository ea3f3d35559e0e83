import { describe, expect, it } from 'vitest';
import { infinibandCollector, parseRate, parseStateId, type InfinibandOptions } from '../../src/collectors/infiniband.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { hostTree } from '../support/host-tree.js';

const run = async (paths: HostPaths = FIXTURE_PATHS, options: InfinibandOptions = {}) =>
  flatten(await infinibandCollector.create({ options, paths, platform: 'linux' }).collect(ctx(paths)));

const tree = (files: Record<string, string>): HostPaths => hostTree(files, 'vigil-ib-');

const P1 = 'device="mlx4_0",port="1"';
const P2 = 'device="mlx4_0",port="2"';
const RoCE = 'device="mlx5_0",port="1"';

describe('infiniband port attributes', () => {
  it('reads the number of a state and a rate in bytes per second', () => {
    expect(parseStateId('4: ACTIVE\n', 's')).toBe(4);
    expect(parseStateId('5: LinkUp', 's')).toBe(5);
    expect(() => parseStateId('ACTIVE', 'infiniband mlx4_0/ports/1/state')).toThrow(/ports\/1\/state holds "ACTIVE", not "ID: NAME"/);
    // 40 Gb/s is 5 GB/s
    expect(parseRate('40 Gb/sec (4X QDR)\n', 'r')).toBe(5_000_000_000);
    expect(parseRate('2.5 Gb/sec (1X SDR)', 'r')).toBe(312_500_000);
    expect(() => parseRate('fast', 'r')).toThrow(/r holds "fast"/);
  });
});

describe('infiniband collector on the fixture tree', () => {
  it("serves each device and each port with node_exporter's names", async () => {
    const m = await run();
    expect(m.get('node_infiniband_info{board_id="MT_1090120019",device="mlx4_0",firmware_version="2.42.5000",hca_type="MT4099"}')).toBe(1);
    expect(m.get('node_infiniband_info{board_id="MT_0000000008",device="mlx5_0",firmware_version="16.35.2000",hca_type="MT4119"}')).toBe(1);
    expect(m.get(`node_infiniband_state_id{${P1}}`)).toBe(4);
    expect(m.get(`node_infiniband_physical_state_id{${P1}}`)).toBe(5);
    expect(m.get(`node_infiniband_state_id{${P2}}`)).toBe(1);
    expect(m.get(`node_infiniband_physical_state_id{${P2}}`)).toBe(3);
    expect(m.get(`node_infiniband_rate_bytes_per_second{${P1}}`)).toBe(5e9);
    expect(m.get(`node_infiniband_rate_bytes_per_second{${P2}}`)).toBe(312.5e6);
    // the data counters count 4-byte words
    expect(m.get(`node_infiniband_port_data_received_bytes_total{${P1}}`)).toBe(2221223609 * 4);
    expect(m.get(`node_infiniband_port_data_transmitted_bytes_total{${P1}}`)).toBe(26509113295 * 4);
    expect(m.get(`node_infiniband_legacy_data_received_bytes_total{${P1}}`)).toBe(2221223609 * 4);
    expect(m.get(`node_infiniband_legacy_packets_transmitted_total{${P1}}`)).toBe(85734114);
    expect(m.get(`node_infiniband_port_packets_received_total{${P1}}`)).toBe(418896);
    expect(m.get(`node_infiniband_link_downed_total{${P1}}`)).toBe(1);
    expect(m.get(`node_infiniband_symbol_error_total{${P1}}`)).toBe(7);
    expect(m.get(`node_infiniband_vl15_dropped_total{${P1}}`)).toBe(0);
    // a hexadecimal counter
    expect(m.get(`node_infiniband_port_data_received_bytes_total{${RoCE}}`)).toBe(0x1d5bf6a * 4);
  });

  it('leaves out a counter the port has no performance agent for ("N/A (no PMA)")', async () => {
    const m = await run();
    expect(m.get(`node_infiniband_link_downed_total{${P2}}`)).toBe(0);
    expect(m.has(`node_infiniband_vl15_dropped_total{${P2}}`)).toBe(false);
    expect(m.has(`node_infiniband_port_transmit_wait_total{${P2}}`)).toBe(false);
  });

  it("serves the driver's hw_counters, and lifespan in whole seconds as node_exporter does", async () => {
    const m = await run();
    expect(m.get(`node_infiniband_rx_read_requests_total{${RoCE}}`)).toBe(175528982);
    expect(m.get(`node_infiniband_local_ack_timeout_errors_total{${RoCE}}`)).toBe(131);
    expect(m.get(`node_infiniband_roce_adp_retransmits_total{${RoCE}}`)).toBe(99);
    expect(m.get(`node_infiniband_rp_cnp_packets_handled_total{${RoCE}}`)).toBe(651);
    // 10 ms, divided in integers
    expect(m.get(`node_infiniband_lifespan_seconds{${RoCE}}`)).toBe(0);
    expect(m.has(`node_infiniband_rx_read_requests_total{${P1}}`)).toBe(false);
  });

  it('keeps the devices device_include names, or leaves out those device_exclude names', async () => {
    const only = await run(FIXTURE_PATHS, { device_include: '^mlx5' });
    expect([...only.keys()].filter((k) => k.includes('mlx4_0'))).toEqual([]);
    expect(only.get(`node_infiniband_state_id{${RoCE}}`)).toBe(4);
    const without = await run(FIXTURE_PATHS, { device_exclude: '^mlx4_0$' });
    expect([...without.keys()].filter((k) => k.includes('mlx4_0'))).toEqual([]);
    expect(without.get(`node_infiniband_state_id{${RoCE}}`)).toBe(4);
  });

  it('does without board_id and hca_type, which not every driver has', async () => {
    const m = await run(
      tree({
        'sys/class/infiniband/rxe0/fw_ver': '0.0.0\n',
        'sys/class/infiniband/rxe0/ports/1/state': '4: ACTIVE\n',
        'sys/class/infiniband/rxe0/ports/1/phys_state': '5: LinkUp\n',
        'sys/class/infiniband/rxe0/ports/1/rate': '100 Gb/sec (4X EDR)\n',
      }),
    );
    expect(m.get('node_infiniband_info{board_id="",device="rxe0",firmware_version="0.0.0",hca_type=""}')).toBe(1);
    expect(m.get('node_infiniband_rate_bytes_per_second{device="rxe0",port="1"}')).toBe(12.5e9);
  });

  it('fails with the file and its content on a garbled counter, and on a missing state', async () => {
    const base = {
      'sys/class/infiniband/mlx4_1/fw_ver': '2.42.5000\n',
      'sys/class/infiniband/mlx4_1/ports/1/state': '4: ACTIVE\n',
      'sys/class/infiniband/mlx4_1/ports/1/phys_state': '5: LinkUp\n',
      'sys/class/infiniband/mlx4_1/ports/1/rate': '40 Gb/sec (4X QDR)\n',
    };
    await expect(run(tree({ ...base, 'sys/class/infiniband/mlx4_1/ports/1/counters/symbol_error': 'lots\n' }))).rejects.toThrow(
      /infiniband mlx4_1\/ports\/1\/counters\/symbol_error holds "lots", not an integer/,
    );
    const { ['sys/class/infiniband/mlx4_1/ports/1/state']: _state, ...noState } = base;
    await expect(run(tree(noState))).rejects.toThrow(/infiniband mlx4_1\/ports\/1\/state is missing/);
  });
});
