import { describe, expect, it } from 'vitest';
import { bcacheCollector, dehumanize, parsePriorityStats, parseWritebackRateDebug } from '../../src/collectors/bcache.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { hostTree } from '../support/host-tree.js';

const run = async (paths: HostPaths = FIXTURE_PATHS, priority_stats = false) =>
  flatten(await bcacheCollector.create({ options: { priority_stats }, paths, platform: 'linux' }).collect(ctx(paths)));

const SET = 'uuid="deaddd54-c735-46d5-868e-f331c5fd7c74"';
const BDEV = `backing_device="bdev0",${SET}`;
const CACHE = `cache_device="cache0",${SET}`;

const tree = (files: Record<string, string>): HostPaths => hostTree(files, 'vigil-bcache-');

describe('bcache sizes as bch_hprint writes them', () => {
  it('reads the digit after the point as tenths of 1024, as node_exporter does', () => {
    expect(dehumanize('12\n', 'f')).toBe(12);
    expect(dehumanize('0.0k', 'f')).toBe(0);
    // 10 MiB + 5 × 100 KiB
    expect(dehumanize('10.5M', 'f')).toBe(10 * 1048576 + 5 * 100 * 1024);
    // 2 GiB + 7 × 100 MiB
    expect(dehumanize('2.7G', 'f')).toBe(2 * 2 ** 30 + 7 * 100 * 2 ** 20);
    expect(dehumanize('-93.7k', 'f')).toBe(-(93 * 1024 + 700));
  });

  it('fails on what is not a size, naming the file', () => {
    expect(() => dehumanize('', 'bcache x/dirty_data')).toThrow(/bcache x\/dirty_data holds "", not a bcache size/);
    expect(() => dehumanize('1.2q', 'f')).toThrow(/holds "1.2q"/);
  });

  it('parses writeback_rate_debug and priority_stats', () => {
    const w = parseWritebackRateDebug(
      'rate:\t\t1.1M/sec\ndirty:\t\t112.2M\ntarget:\t\t115.9M\nproportional:\t-93.7k\nintegral:\t10.2k\nchange:\t\t-12.6k/sec\nnext io:\t-1ms\n',
      'w',
    );
    expect(w).toEqual({
      rate: 1048576 + 102400,
      target: 115 * 1048576 + 9 * 102400,
      proportional: -95932,
      integral: 10 * 1024 + 200,
      change: -(12 * 1024 + 600),
    });
    // an older kernel's controller has a "derivative" term: no integral is served then
    expect(
      parseWritebackRateDebug(
        'rate:\t\t512/sec\ndirty:\t\t0\ntarget:\t\t0\nproportional:\t0\nderivative:\t0\nchange:\t\t0/sec\nnext io:\t-1ms\n',
        'w',
      ),
    ).toEqual({ rate: 512, target: 0, proportional: 0, change: 0 });
    expect(() => parseWritebackRateDebug('dirty:\t\t1.1M\n', 'bcache u/bdev0/writeback_rate_debug')).toThrow(
      /writeback_rate_debug has no "rate:" line/,
    );
    expect(parsePriorityStats('Unused:\t\t7%\nClean:\t\t85%\nDirty:\t\t7%\nMetadata:\t1%\nAverage:\t167\n', 'p')).toEqual({
      unused: 7,
      metadata: 1,
    });
    expect(() => parsePriorityStats('Clean: 85%\n', 'p')).toThrow(/p has no "Unused: N%" line/);
  });
});

describe('bcache collector on the fixture tree', () => {
  it('serves the cache set, its backing device (through the bdev0 link) and its cache device', async () => {
    const m = await run();
    expect(m.get(`node_bcache_average_key_size_sectors{${SET}}`)).toBe(1924);
    expect(m.get(`node_bcache_btree_cache_size_bytes{${SET}}`)).toBe(10 * 1048576 + 512000);
    expect(m.get(`node_bcache_cache_available_percent{${SET}}`)).toBe(83);
    expect(m.get(`node_bcache_tree_depth{${SET}}`)).toBe(1);
    expect(m.get(`node_bcache_btree_nodes{${SET}}`)).toBe(10);
    expect(m.get(`node_bcache_cache_read_races_total{${SET}}`)).toBe(3);
    // 1305 in a file named _us, scaled by 1e-9 as node_exporter does
    expect(m.get(`node_bcache_btree_read_average_duration_seconds{${SET}}`)).toBeCloseTo(1305e-9, 15);
    expect(m.get(`node_bcache_dirty_data_bytes{${BDEV}}`)).toBe(117645312);
    expect(m.get(`node_bcache_dirty_target_bytes{${BDEV}}`)).toBe(115 * 1048576 + 9 * 102400);
    expect(m.get(`node_bcache_writeback_rate{${BDEV}}`)).toBe(1150976);
    expect(m.get(`node_bcache_writeback_rate_proportional_term{${BDEV}}`)).toBe(-95932);
    expect(m.get(`node_bcache_writeback_change{${BDEV}}`)).toBe(-12888);
    // the backing device's lifetime totals, not its five-minute figures
    expect(m.get(`node_bcache_cache_hits_total{${BDEV}}`)).toBe(5623);
    expect(m.get(`node_bcache_cache_misses_total{${BDEV}}`)).toBe(1278);
    expect(m.get(`node_bcache_bypassed_bytes_total{${BDEV}}`)).toBe(5 * 1048576 + 102400);
    expect(m.get(`node_bcache_cache_readaheads_total{${BDEV}}`)).toBe(17);
    expect(m.get(`node_bcache_io_errors{${CACHE}}`)).toBe(2);
    expect(m.get(`node_bcache_written_bytes_total{${CACHE}}`)).toBe(2881486848);
    expect(m.get(`node_bcache_metadata_written_bytes_total{${CACHE}}`)).toBe(104 * 1048576 + 2 * 102400);
    // priority_stats is off by default: it walks every bucket of the cache
    expect([...m.keys()].filter((k) => k.includes('priority_stats'))).toEqual([]);
  });

  it('serves priority_stats when asked', async () => {
    const m = await run(FIXTURE_PATHS, true);
    expect(m.get(`node_bcache_priority_stats_unused_percent{${CACHE}}`)).toBe(7);
    expect(m.get(`node_bcache_priority_stats_metadata_percent{${CACHE}}`)).toBe(1);
  });

  it('leaves out an attribute the kernel does not have, rather than serving 0', async () => {
    const u = 'sys/fs/bcache/0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b';
    const m = await run(
      tree({
        'sys/fs/bcache/register': '',
        [`${u}/tree_depth`]: '2\n',
        [`${u}/bdev0/writeback_rate_debug`]:
          'rate:\t\t4.0k/sec\ndirty:\t\t0.0k\ntarget:\t\t0.0k\nproportional:\t0.0k\nintegral:\t0.0k\nchange:\t\t0.0k/sec\nnext io:\t-1ms\n',
        [`${u}/bdev0/stats_total/cache_hits`]: '9\n',
      }),
    );
    expect(m.get('node_bcache_tree_depth{uuid="0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b"}')).toBe(2);
    expect(m.get('node_bcache_cache_hits_total{backing_device="bdev0",uuid="0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b"}')).toBe(9);
    expect(m.get('node_bcache_writeback_rate{backing_device="bdev0",uuid="0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b"}')).toBe(4096);
    expect([...m.keys()].filter((k) => /readaheads|btree_nodes|dirty_data_bytes|average_key/.test(k))).toEqual([]);
  });

  it('fails with the file and its content when a value is garbled', async () => {
    const u = 'sys/fs/bcache/0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b';
    const paths = tree({ [`${u}/cache_available_percent`]: 'eighty\n' });
    await expect(run(paths)).rejects.toThrow(/bcache 0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b\/cache_available_percent holds "eighty"/);
  });

  it('fails when a backing device has no writeback_rate_debug', async () => {
    const paths = tree({ 'sys/fs/bcache/0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b/bdev0/dirty_data': '0.0k\n' });
    await expect(run(paths)).rejects.toThrow(/bcache 0d3c3ae4-1f2b-4bd0-9a5a-1d3c3ae41f2b\/bdev0\/writeback_rate_debug is missing/);
  });
});
