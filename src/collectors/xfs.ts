// /sys/fs/xfs/<device>/stats/stats: per mounted XFS filesystem, one line per statistics
// group (fs/xfs/xfs_stats.c), each a name and its counters in the order of struct
// __xfsstats. node_exporter serves these groups; the others (trans, log, buf, ...) are not.
import { counter, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

/** [line, counters it must have, [column, metric, help] served from it]. */
const GROUPS: [line: string, width: number, fields: [column: number, metric: string, help: string][]][] = [
  [
    'extent_alloc',
    4,
    [
      [0, 'extent_allocation_extents_allocated_total', 'Number of extents allocated for a filesystem.'],
      [1, 'extent_allocation_blocks_allocated_total', 'Number of blocks allocated for a filesystem.'],
      [2, 'extent_allocation_extents_freed_total', 'Number of extents freed for a filesystem.'],
      [3, 'extent_allocation_blocks_freed_total', 'Number of blocks freed for a filesystem.'],
    ],
  ],
  [
    'abt',
    4,
    [
      [0, 'allocation_btree_lookups_total', 'Number of allocation B-tree lookups for a filesystem.'],
      [1, 'allocation_btree_compares_total', 'Number of allocation B-tree compares for a filesystem.'],
      [2, 'allocation_btree_records_inserted_total', 'Number of allocation B-tree records inserted for a filesystem.'],
      [3, 'allocation_btree_records_deleted_total', 'Number of allocation B-tree records deleted for a filesystem.'],
    ],
  ],
  [
    'blk_map',
    7,
    [
      [0, 'block_mapping_reads_total', 'Number of block map for read operations for a filesystem.'],
      [1, 'block_mapping_writes_total', 'Number of block map for write operations for a filesystem.'],
      [2, 'block_mapping_unmaps_total', 'Number of block unmaps (deletes) for a filesystem.'],
      [3, 'block_mapping_extent_list_insertions_total', 'Number of extent list insertions for a filesystem.'],
      [4, 'block_mapping_extent_list_deletions_total', 'Number of extent list deletions for a filesystem.'],
      [5, 'block_mapping_extent_list_lookups_total', 'Number of extent list lookups for a filesystem.'],
      [6, 'block_mapping_extent_list_compares_total', 'Number of extent list compares for a filesystem.'],
    ],
  ],
  [
    'bmbt',
    4,
    [
      [0, 'block_map_btree_lookups_total', 'Number of block map B-tree lookups for a filesystem.'],
      [1, 'block_map_btree_compares_total', 'Number of block map B-tree compares for a filesystem.'],
      [2, 'block_map_btree_records_inserted_total', 'Number of block map B-tree records inserted for a filesystem.'],
      [3, 'block_map_btree_records_deleted_total', 'Number of block map B-tree records deleted for a filesystem.'],
    ],
  ],
  [
    'dir',
    4,
    [
      [
        0,
        'directory_operation_lookup_total',
        'Number of file name directory lookups which miss the operating systems directory name lookup cache.',
      ],
      [1, 'directory_operation_create_total', 'Number of times a new directory entry was created for a filesystem.'],
      [2, 'directory_operation_remove_total', 'Number of times an existing directory entry was created for a filesystem.'],
      [3, 'directory_operation_getdents_total', 'Number of times the directory getdents operation was performed for a filesystem.'],
    ],
  ],
  [
    'ig',
    7,
    [
      [0, 'inode_operation_attempts_total', 'Number of times the OS looked for an XFS inode in the inode cache.'],
      [1, 'inode_operation_found_total', 'Number of times the OS looked for and found an XFS inode in the inode cache.'],
      [
        2,
        'inode_operation_recycled_total',
        'Number of times the OS found an XFS inode in the cache, but could not use it as it was being recycled.',
      ],
      [3, 'inode_operation_missed_total', 'Number of times the OS looked for an XFS inode in the cache, but did not find it.'],
      [
        4,
        'inode_operation_duplicates_total',
        'Number of times the OS tried to add a missing XFS inode to the inode cache, but found it had already been added by another process.',
      ],
      [
        5,
        'inode_operation_reclaims_total',
        'Number of times the OS reclaimed an XFS inode from the inode cache to free memory for another purpose.',
      ],
      [6, 'inode_operation_attribute_changes_total', 'Number of times the OS explicitly changed the attributes of an XFS inode.'],
    ],
  ],
  // xs_write_calls comes before xs_read_calls in struct __xfsstats.
  [
    'rw',
    2,
    [
      [1, 'read_calls_total', 'Number of read(2) system calls made to files in a filesystem.'],
      [0, 'write_calls_total', 'Number of write(2) system calls made to files in a filesystem.'],
    ],
  ],
  // active, alloc, get, hold, rele, reclaim, remove, free (the last is not served).
  [
    'vnodes',
    8,
    [
      [0, 'vnode_active_total', 'Number of vnodes not on free lists for a filesystem.'],
      [1, 'vnode_allocate_total', 'Number of times vn_alloc called for a filesystem.'],
      [2, 'vnode_get_total', 'Number of times vn_get called for a filesystem.'],
      [3, 'vnode_hold_total', 'Number of times vn_hold called for a filesystem.'],
      [4, 'vnode_release_total', 'Number of times vn_rele called for a filesystem.'],
      [5, 'vnode_reclaim_total', 'Number of times vn_reclaim called for a filesystem.'],
      [6, 'vnode_remove_total', 'Number of times vn_remove called for a filesystem.'],
    ],
  ],
];
const WIDTH = new Map(GROUPS.map(([line, width]) => [line, width]));

/** The served groups of one stats file: line name → its counters. */
export function parseXfsStats(text: string, device: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const [key, ...cols] = line.trim().split(/\s+/);
    const width = key ? WIDTH.get(key) : undefined;
    if (width === undefined) continue;
    if (cols.length !== width || !cols.every((c) => /^\d+$/.test(c))) {
      throw new Error(`xfs ${device} stats: unexpected "${key}" line ${JSON.stringify(line.slice(0, 80))} (expected ${width} counters)`);
    }
    out.set(key!, cols.map(Number));
  }
  return out;
}

export function xfsFamilies(devices: { device: string; stats: Map<string, number[]> }[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (devices.length === 0) return [];
  const fams: MetricFamily[] = [];
  for (const [line, , fields] of GROUPS) {
    for (const [column, metric, help] of fields) {
      const samples = devices.flatMap((d) => {
        const v = d.stats.get(line)?.[column];
        return v === undefined ? [] : [{ labels: { device: d.device }, value: v }];
      });
      fams.push(counter(`node_xfs_${metric}`, help, samples));
    }
  }
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function readXfs(root: string): { device: string; stats: Map<string, number[]> }[] {
  const out = [];
  for (const device of listDir(root).sort()) {
    // /sys/fs/xfs/stats is the sum over all filesystems, not a device; it has no stats/stats.
    const text = readOptional(`${root}/${device}/stats/stats`);
    if (text !== undefined) out.push({ device, stats: parseXfsStats(text, device) });
  }
  return out;
}

export const xfsCollector: CollectorDefinition = {
  name: 'xfs',
  defaultEnabled: true,
  description: 'Per-filesystem XFS statistics from /sys/fs/xfs/<device>/stats/stats (where XFS is mounted)',
  create: ({ paths }) => ({ name: 'xfs', collect: () => xfsFamilies(readXfs(sysPath(paths, 'fs', 'xfs'))) }),
};
