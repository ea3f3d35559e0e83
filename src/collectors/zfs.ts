// /proc/spl/kstat/zfs, where the OpenZFS module is loaded: the module-wide kstats (ARC, dbuf
// cache, prefetch, ZIL, ...) and per pool (a directory named after it) its state, its
// datasets' objset-* counters and, on releases that still write it, its io kstat. As in
// node_exporter every value is an untyped family named after its kstat field, its HELP the
// kstat's dotted name (kstat.zfs.misc.arcstats.hits); a file a release does not have is
// skipped, and the whole collector is silent where ZFS is not loaded.
import { gauge, untyped, type MetricFamily, type Sample } from '../metrics/model.js';
import { procPath } from './paths.js';
import { listDir, readOptional } from './read.js';
import { parseNamedKstat, parseObjset, parsePoolIo, type KstatValue } from './zfs-kstat.js';
import type { CollectorDefinition } from './types.js';

/** node_exporter's subsystem for each module-wide kstat it serves. */
const FILES: [subsystem: string, file: string][] = [
  ['zfs_abd', 'abdstats'],
  ['zfs_arc', 'arcstats'],
  ['zfs_dbuf', 'dbufstats'],
  ['zfs_dmu_tx', 'dmu_tx'],
  ['zfs_dnode', 'dnodestats'],
  ['zfs_fm', 'fm'],
  ['zfs_vdev_cache', 'vdev_cache_stats'],
  ['zfs_vdev_mirror', 'vdev_mirror_stats'],
  ['zfs_xuio', 'xuio_stats'],
  ['zfs_zfetch', 'zfetchstats'],
  ['zfs_zil', 'zil'],
];

const POOL_STATES = ['online', 'degraded', 'faulted', 'offline', 'removed', 'unavail', 'suspended'];

export interface ZfsPool {
  pool: string;
  /** The first line of state, lower-cased; undefined where the pool has no state kstat. */
  state?: string;
  io: KstatValue[];
  datasets: { dataset: string; values: KstatValue[] }[];
}

export interface ZfsStats {
  /** Per served file: its subsystem, file name and values. */
  modules: { subsystem: string; file: string; values: KstatValue[] }[];
  pools: ZfsPool[];
}

export function readZfs(root: string): ZfsStats | undefined {
  const entries = listDir(root);
  if (!entries.length) return undefined;
  const modules = FILES.flatMap(([subsystem, file]) => {
    const text = readOptional(`${root}/${file}`);
    return text === undefined ? [] : [{ subsystem, file, values: parseNamedKstat(text, `zfs ${file}`, true) }];
  });
  const pools: ZfsPool[] = [];
  for (const pool of entries.sort()) {
    // The module-wide kstats are files; listing one gives nothing.
    const files = listDir(`${root}/${pool}`);
    if (!files.length) continue;
    const where = `zfs pool ${pool}`;
    // Pools are imported and exported, datasets created and destroyed: their kstats are not
    // kept open, or each one gone would hold a descriptor that is never read again.
    const io = readOptional(`${root}/${pool}/io`, false);
    const state = readOptional(`${root}/${pool}/state`, false);
    const datasets = files
      .filter((f) => f.startsWith('objset-'))
      .sort()
      .flatMap((f) => {
        // A dataset destroyed between the listing and the read is gone, not an error.
        const text = readOptional(`${root}/${pool}/${f}`, false);
        return text === undefined ? [] : [parseObjset(text, `${where}/${f}`)];
      });
    if (io === undefined && state === undefined && !datasets.length) continue;
    pools.push({
      pool,
      ...(state !== undefined ? { state: (state.split('\n')[0] ?? '').trim().toLowerCase() } : {}),
      io: io === undefined ? [] : parsePoolIo(io, `${where}/io`),
      datasets,
    });
  }
  return { modules, pools };
}

/** node_exporter's name for a kstat field: the part after its last dot, dashes as underscores. */
function metricName(prefix: string, field: string, where: string): string {
  const name = `${prefix}_${(field.split('.').pop() ?? '').replaceAll('-', '_')}`;
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`${where}: field "${field}" makes no valid metric name (${name})`);
  return name;
}

export function zfsFamilies(stats: ZfsStats | undefined): MetricFamily[] {
  if (!stats) return [];
  const byName = new Map<string, MetricFamily>();
  const add = (name: string, help: string, sample: Sample) => {
    let f = byName.get(name);
    if (!f) byName.set(name, (f = untyped(name, help)));
    f.samples.push(sample);
  };
  for (const m of stats.modules) {
    for (const v of m.values)
      add(metricName(`node_${m.subsystem}`, v.name, `zfs ${m.file}`), `kstat.zfs.misc.${m.file}.${v.name}`, { value: v.value });
  }
  const state: Sample[] = [];
  for (const p of stats.pools) {
    for (const v of p.io)
      add(metricName('node_zfs_zpool', v.name, `zfs pool ${p.pool}/io`), `kstat.zfs.misc.io.${v.name}`, {
        labels: { zpool: p.pool },
        value: v.value,
      });
    for (const d of p.datasets) {
      for (const v of d.values) {
        add(metricName('node_zfs_zpool_dataset', v.name, `zfs pool ${p.pool} objset`), `kstat.zfs.misc.objset.${v.name}`, {
          labels: { dataset: d.dataset, zpool: p.pool },
          value: v.value,
        });
      }
    }
    if (p.state !== undefined)
      for (const s of POOL_STATES) state.push({ labels: { state: s, zpool: p.pool }, value: p.state === s ? 1 : 0 });
  }
  return [...byName.values(), gauge('node_zfs_zpool_state', 'kstat.zfs.misc.state', state)].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const zfsCollector: CollectorDefinition = {
  name: 'zfs',
  defaultEnabled: true,
  description:
    'OpenZFS kstats from /proc/spl/kstat/zfs: ARC, dbuf, prefetch, ZIL, ..., and per pool its state, I/O and datasets (where ZFS is loaded)',
  create: ({ paths }) => ({ name: 'zfs', collect: () => zfsFamilies(readZfs(procPath(paths, 'spl', 'kstat', 'zfs'))) }),
};
