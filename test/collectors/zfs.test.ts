import { describe, expect, it } from 'vitest';
import type { HostPaths } from '../../src/collectors/paths.js';
import { zfsCollector } from '../../src/collectors/zfs.js';
import { parseNamedKstat, parseObjset, parsePoolIo } from '../../src/collectors/zfs-kstat.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { hostTree } from '../support/host-tree.js';

const families = async (paths: HostPaths = FIXTURE_PATHS) =>
  zfsCollector.create({ options: {}, paths, platform: 'linux' }).collect(ctx(paths));
const run = async (paths: HostPaths = FIXTURE_PATHS) => flatten(await families(paths));

const tree = (files: Record<string, string>): HostPaths => hostTree(files, 'vigil-zfs-');

const HEAD = '12 1 0x01 3 240 5024324488 1087568282457\nname                            type data\n';

describe('zfs kstat text', () => {
  it('reads the integer values after "name type data", signed ones where asked', () => {
    const text = `${HEAD}hits                            4    8772612\nmemory_available_bytes          3    -1048576\nlabel                           7    x\n`;
    expect(parseNamedKstat(text, 'arcstats', true)).toEqual([
      { name: 'hits', value: 8772612 },
      { name: 'memory_available_bytes', value: -1048576 },
    ]);
    expect(parseNamedKstat(text, 'objset', false)).toEqual([{ name: 'hits', value: 8772612 }]);
  });

  it('fails without the header, and on a value that is not its type, with the line', () => {
    expect(() => parseNamedKstat('hits 4 1\n', 'zfs arcstats', true)).toThrow(/zfs arcstats: no "name type data" line/);
    expect(() => parseNamedKstat(`${HEAD}hits 4 -3\n`, 'zfs arcstats', true)).toThrow(
      /zfs arcstats line 3: "hits" is of type 4 \(unsigned 64-bit integer\) but holds "-3"/,
    );
  });

  it('takes a dataset name with spaces whole', () => {
    const d = parseObjset(`${HEAD}dataset_name                    7    tank/my data\nwrites                          4    5\n`, 'o');
    expect(d).toEqual({ dataset: 'tank/my data', values: [{ name: 'writes', value: 5 }] });
    expect(() => parseObjset(`${HEAD}writes 4 5\n`, 'zfs pool tank/objset-0x36')).toThrow(/objset-0x36: no "dataset_name 7 <name>" line/);
  });

  it("reads a pool's io kstat by its column names", () => {
    const io = parsePoolIo(
      '12 3 0x00 1 80 2225326830828 32953509026081\nnread    nwritten reads    writes   wtime    wlentime wupdate  rtime    rlentime rupdate  wcnt     rcnt\n1884160  3206144  22       132      7155162  104112268 79210489694 3202556  1190439  79210489694 0        1\n',
      'io',
    );
    expect(io[0]).toEqual({ name: 'nread', value: 1884160 });
    expect(io[3]).toEqual({ name: 'writes', value: 132 });
    expect(io[11]).toEqual({ name: 'rcnt', value: 1 });
    expect(() =>
      parsePoolIo('nread nwritten reads writes wtime wlentime wupdate rtime rlentime rupdate wcnt rcnt\n1 2 3\n', 'zfs pool p/io'),
    ).toThrow(/zfs pool p\/io line 2: expected 12 counters/);
  });
});

describe('zfs collector on the fixture tree', () => {
  it('serves the module-wide kstats as node_exporter names them', async () => {
    const m = await run();
    expect(m.get('node_zfs_arc_hits')).toBe(8772612);
    expect(m.get('node_zfs_arc_c_max')).toBe(8367976448);
    expect(m.get('node_zfs_arc_memory_available_bytes')).toBe(4427395072);
    expect(m.get('node_zfs_abd_scatter_order_10')).toBe(0);
    expect(m.get('node_zfs_dbuf_hash_hits')).toBe(153946);
    expect(m.get('node_zfs_dmu_tx_dmu_tx_assigned')).toBe(3532844);
    expect(m.get('node_zfs_dnode_dnode_hold_alloc_hits')).toBe(3363604);
    // "erpt-dropped": dashes become underscores
    expect(m.get('node_zfs_fm_erpt_dropped')).toBe(18);
    expect(m.get('node_zfs_vdev_cache_delegations')).toBe(40);
    expect(m.get('node_zfs_vdev_mirror_preferred_not_found')).toBe(94);
    expect(m.get('node_zfs_xuio_onloan_read_buf')).toBe(32);
    expect(m.get('node_zfs_zfetch_hits')).toBe(7067992);
    expect(m.get('node_zfs_zil_zil_commit_count')).toBe(10);
    // a counter that wrapped below 0 in the module, as the kernel prints it
    expect(m.get('node_zfs_zil_zil_itx_needcopy_bytes')).toBe(Number('18446744073709537686'));
    // files node_exporter does not read (a table kstat, a benchmark) give nothing
    expect([...m.keys()].filter((k) => /dbufs|fletcher/.test(k))).toEqual([]);
  });

  it("serves each pool's state, io and datasets", async () => {
    const m = await run();
    expect(m.get('node_zfs_zpool_state{state="online",zpool="pool1"}')).toBe(1);
    expect(m.get('node_zfs_zpool_state{state="degraded",zpool="pool1"}')).toBe(0);
    expect(m.get('node_zfs_zpool_state{state="degraded",zpool="poolz1"}')).toBe(1);
    expect(
      [...m.entries()]
        .filter(([k]) => k.startsWith('node_zfs_zpool_state{'))
        .map(([, v]) => v)
        .reduce((a, b) => a + b),
    ).toBe(2);
    expect([...m.keys()].filter((k) => k.startsWith('node_zfs_zpool_state{') && k.includes('zpool="pool1"')).length).toBe(7);
    expect(m.get('node_zfs_zpool_nread{zpool="pool1"}')).toBe(1884160);
    expect(m.get('node_zfs_zpool_wlentime{zpool="pool1"}')).toBe(104112268);
    // poolz1 has no io kstat (OpenZFS 2.x): nothing, and no failure
    expect(m.has('node_zfs_zpool_nread{zpool="poolz1"}')).toBe(false);
    expect(m.get('node_zfs_zpool_dataset_nwritten{dataset="pool1/home",zpool="pool1"}')).toBe(76230921);
    expect(m.get('node_zfs_zpool_dataset_nunlinked{dataset="poolz1/var/lib",zpool="poolz1"}')).toBe(9);
    expect(m.get('node_zfs_zpool_dataset_writes{dataset="pool1",zpool="pool1"}')).toBe(0);
  });

  it("gives the families node_exporter's types and its kstat names as HELP", async () => {
    const f = new Map((await families()).map((x) => [x.name, x]));
    expect(f.get('node_zfs_arc_hits')).toMatchObject({ type: 'untyped', help: 'kstat.zfs.misc.arcstats.hits' });
    expect(f.get('node_zfs_fm_erpt_dropped')).toMatchObject({ type: 'untyped', help: 'kstat.zfs.misc.fm.erpt-dropped' });
    expect(f.get('node_zfs_zpool_nread')).toMatchObject({ type: 'untyped', help: 'kstat.zfs.misc.io.nread' });
    expect(f.get('node_zfs_zpool_dataset_reads')).toMatchObject({ type: 'untyped', help: 'kstat.zfs.misc.objset.reads' });
    expect(f.get('node_zfs_zpool_state')).toMatchObject({ type: 'gauge', help: 'kstat.zfs.misc.state' });
  });

  it('is silent where the module is not loaded, and skips a kstat a release does not have', async () => {
    expect((await families(tree({ 'proc/meminfo': '' }))).flatMap((f) => f.samples)).toEqual([]);
    const m = await run(tree({ 'proc/spl/kstat/zfs/zfetchstats': `${HEAD}hits 4 5\n`, 'proc/spl/kstat/zfs/tank/state': 'SUSPENDED\n' }));
    expect(m.get('node_zfs_zfetch_hits')).toBe(5);
    expect(m.get('node_zfs_zpool_state{state="suspended",zpool="tank"}')).toBe(1);
    expect([...m.keys()].filter((k) => k.startsWith('node_zfs_arc'))).toEqual([]);
  });

  it('fails on a garbled kstat, naming it', async () => {
    await expect(run(tree({ 'proc/spl/kstat/zfs/arcstats': 'garbage\n' }))).rejects.toThrow(/zfs arcstats: no "name type data" line/);
  });
});
