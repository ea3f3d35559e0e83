import { describe, expect, it } from 'vitest';
import { fibreChannelCollector } from '../../src/collectors/fibrechannel.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { tapestatsCollector, type TapestatsOptions } from '../../src/collectors/tapestats.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { hostTree } from '../support/host-tree.js';

const fc = async (paths: HostPaths = FIXTURE_PATHS) =>
  flatten(await fibreChannelCollector.create({ options: {}, paths, platform: 'linux' }).collect(ctx(paths)));
const tape = async (paths: HostPaths = FIXTURE_PATHS, options: TapestatsOptions = {}) =>
  flatten(await tapestatsCollector.create({ options, paths, platform: 'linux' }).collect(ctx(paths)));

const tree = (files: Record<string, string>): HostPaths => hostTree(files, 'vigil-fc-');

describe('fibrechannel', () => {
  it('serves each HBA port, its names without "0x", and its hexadecimal counters', async () => {
    const m = await fc();
    expect(
      m.get(
        'node_fibrechannel_info{fc_host="host0",speed="16 Gbit",port_state="Online",port_type="NPort (fabric via point-to-point)",port_id="010a00",port_name="2100f4e9d4541a2b",fabric_name="100000051e0a1b2c",symbolic_name="QLE2692 FW:v9.08.02 DVR:v10.02.07.900-k",supported_classes="Class 3",supported_speeds="4 Gbit, 8 Gbit, 16 Gbit",dev_loss_tmo="30"}',
      ),
    ).toBe(1);
    expect(m.get('node_fibrechannel_rx_frames_total{fc_host="host0"}')).toBe(0x3bd1fa2);
    expect(m.get('node_fibrechannel_tx_words_total{fc_host="host0"}')).toBe(0x182b6f09e);
    expect(m.get('node_fibrechannel_seconds_since_last_reset_total{fc_host="host0"}')).toBe(513265);
    expect(m.get('node_fibrechannel_fcp_packet_aborts_total{fc_host="host0"}')).toBe(19);
    expect(m.get('node_fibrechannel_link_failure_total{fc_host="host1"}')).toBe(4);
    // all ones: a counter the HBA firmware does not keep
    expect([...m.keys()].filter((k) => k.includes('dumped_frames'))).toEqual([]);
  });

  it('fails on a counter that is not a number, naming it', async () => {
    await expect(
      fc(tree({ 'sys/class/fc_host/host3/port_state': 'Online\n', 'sys/class/fc_host/host3/statistics/rx_frames': 'n/a\n' })),
    ).rejects.toThrow(/fibrechannel host3\/statistics\/rx_frames holds "n\/a", not an integer/);
  });
});

describe('tapestats', () => {
  it('serves each st<N> drive once, times in seconds', async () => {
    const m = await tape();
    expect([...m.keys()].filter((k) => k.startsWith('node_tape_io_now')).sort()).toEqual([
      'node_tape_io_now{device="st0"}',
      'node_tape_io_now{device="st1"}',
    ]);
    expect(m.get('node_tape_io_now{device="st0"}')).toBe(1);
    expect(m.get('node_tape_io_time_seconds_total{device="st0"}')).toBeCloseTo(9247.01108772, 8);
    expect(m.get('node_tape_write_time_seconds_total{device="st0"}')).toBeCloseTo(5233.597394395, 8);
    expect(m.get('node_tape_written_bytes_total{device="st0"}')).toBe(1496246784000);
    expect(m.get('node_tape_writes_completed_total{device="st0"}')).toBe(53772916);
    expect(m.get('node_tape_residual_total{device="st0"}')).toBe(19);
  });

  it('leaves out the drives device_exclude names', async () => {
    const m = await tape(FIXTURE_PATHS, { device_exclude: '^st0$' });
    expect([...m.keys()].filter((k) => k.includes('"st0"'))).toEqual([]);
    expect(m.get('node_tape_io_now{device="st1"}')).toBe(0);
  });

  it('fails on a drive without stats, and on a garbled one', async () => {
    await expect(tape(tree({ 'sys/class/scsi_tape/st2/dev': '9:2\n' }))).rejects.toThrow(/tapestats st2 has no stats directory/);
    await expect(tape(tree({ 'sys/class/scsi_tape/st2/stats/read_cnt': '-\n' }))).rejects.toThrow(
      /tapestats st2\/stats\/read_cnt holds "-", not an integer/,
    );
  });
});
