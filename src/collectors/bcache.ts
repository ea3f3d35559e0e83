// /sys/fs/bcache/<cache set uuid>/ (Documentation/admin-guide/bcache.rst): per cache set its
// btree and journal figures, per backing device (bdevN, a link to the disk's bcache/) its dirty
// data, writeback controller and lifetime hit/miss counts, per cache device (cacheN) its
// errors and bytes written. Many attributes are printed by the kernel's bch_hprint ("19.5M").
// An attribute a kernel does not have (cache_readaheads went away) is left out, not served as 0.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface BcacheOptions {
  /** node_exporter's --collector.bcache.priorityStats: priority_stats walks every bucket. */
  priority_stats?: boolean;
}

const UNITS: Record<string, number> = { k: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50, E: 2 ** 60, Z: 2 ** 70, Y: 2 ** 80 };

/**
 * A value as bch_hprint writes it: "123", "0.4k", "19.5M", "-1.2k". bch_hprint's digit after the
 * point is tenths of 1024, so node_exporter divides it by 10.24: "19.5M" is 19 MiB + 500 KiB.
 * The same arithmetic is kept so both exporters serve the same number.
 */
export function dehumanize(text: string, where: string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?([kMGTPEZY]?)$/.exec(text.trim());
  if (!m)
    throw new Error(
      `${where} holds ${JSON.stringify(text.trim().slice(0, 40))}, not a bcache size (digits with an optional k, M, G, ... suffix)`,
    );
  const [, sign, whole, fraction, unit] = m;
  // Without a unit the kernel printed a plain number (fractions are only written with a unit).
  const value = unit
    ? Math.trunc((Number(whole) + Number(fraction ?? '0') / 10.24) * UNITS[unit]!)
    : Math.trunc(Number(`${whole}.${fraction ?? '0'}`));
  return sign ? -value : value;
}

/** The writeback controller's figures; one a kernel does not print is left out. */
export type WritebackRate = Partial<Record<'rate' | 'target' | 'proportional' | 'integral' | 'change', number>>;

/**
 * writeback_rate_debug: "rate:\t\t1.1M/sec", "target:\t\t20.4G", "proportional:\t-12.2k", ...
 * Older kernels, whose controller had a derivative term, print "derivative:" where later ones
 * print "integral:"; so only rate, which every kernel prints, is required.
 */
export function parseWritebackRateDebug(text: string, where: string): WritebackRate {
  const out: WritebackRate = {};
  for (const line of text.split('\n')) {
    const m = /^(rate|target|proportional|integral|change):\s*(\S+?)(?:\/sec)?\s*$/.exec(line);
    if (m) out[m[1] as keyof WritebackRate] = dehumanize(m[2]!, `${where} "${m[1]}"`);
  }
  if (out.rate === undefined) throw new Error(`${where} has no "rate:" line`);
  return out;
}

/** priority_stats: the "Unused:" and "Metadata:" percentages. */
export function parsePriorityStats(text: string, where: string): { unused: number; metadata: number } {
  const pick = (key: string) => {
    const m = new RegExp(`^${key}:\\s*(\\d+)%\\s*$`, 'm').exec(text);
    if (!m) throw new Error(`${where} has no "${key}: N%" line`);
    return Number(m[1]);
  };
  return { unused: pick('Unused'), metadata: pick('Metadata') };
}

/** File name → value, for the attributes that exist. */
type Values = Map<string, number>;

export interface BcacheBacking {
  name: string;
  values: Values;
  writeback: WritebackRate;
  total: Values;
}

export interface BcacheCache {
  name: string;
  values: Values;
  priority?: { unused: number; metadata: number };
}

export interface BcacheSet {
  uuid: string;
  values: Values;
  internal: Values;
  backing: BcacheBacking[];
  caches: BcacheCache[];
}

const SET_FILES = ['average_key_size', 'btree_cache_size', 'cache_available_percent', 'congested', 'root_usage_percent', 'tree_depth'];
const INTERNAL_FILES = ['active_journal_entries', 'btree_nodes', 'btree_read_average_duration_us', 'cache_read_races'];
const PERIOD_FILES = [
  'bypassed',
  'cache_hits',
  'cache_misses',
  'cache_bypass_hits',
  'cache_bypass_misses',
  'cache_miss_collisions',
  'cache_readaheads',
];
const CACHE_FILES = ['io_errors', 'metadata_written', 'written'];

/**
 * keep: false under bdevN and cacheN, links the kernel points at another device when one is
 * detached and another attached: a kept descriptor would go on reading the old one.
 */
function readValues(dir: string, files: string[], where: string, keep = true): Values {
  const out: Values = new Map();
  for (const file of files) {
    const text = readOptional(`${dir}/${file}`, keep);
    if (text !== undefined) out.set(file, dehumanize(text, `${where}/${file}`));
  }
  return out;
}

function required(path: string, where: string): string {
  const text = readOptional(path, false);
  if (text === undefined) throw new Error(`${where} is missing`);
  return text;
}

const byNumber = (prefix: string) => (entries: string[]) => entries.filter((e) => new RegExp(`^${prefix}\\d`).test(e)).sort();

export function readBcache(root: string, priorityStats: boolean): BcacheSet[] {
  // Cache sets are named by their UUID; the other entries (register, pendings_cleanup) are files.
  return listDir(root)
    .filter((e) => e.includes('-'))
    .sort()
    .map((uuid) => {
      const dir = `${root}/${uuid}`;
      return {
        uuid,
        values: readValues(dir, SET_FILES, `bcache ${uuid}`),
        internal: readValues(`${dir}/internal`, INTERNAL_FILES, `bcache ${uuid}/internal`),
        backing: byNumber('bdev')(listDir(dir)).map((name) => ({
          name,
          values: readValues(`${dir}/${name}`, ['dirty_data'], `bcache ${uuid}/${name}`, false),
          writeback: parseWritebackRateDebug(
            required(`${dir}/${name}/writeback_rate_debug`, `bcache ${uuid}/${name}/writeback_rate_debug`),
            `bcache ${uuid}/${name}/writeback_rate_debug`,
          ),
          total: readValues(`${dir}/${name}/stats_total`, PERIOD_FILES, `bcache ${uuid}/${name}/stats_total`, false),
        })),
        caches: byNumber('cache')(listDir(dir)).map((name) => ({
          name,
          values: readValues(`${dir}/${name}`, CACHE_FILES, `bcache ${uuid}/${name}`, false),
          ...(priorityStats
            ? {
                priority: parsePriorityStats(
                  required(`${dir}/${name}/priority_stats`, `bcache ${uuid}/${name}/priority_stats`),
                  `bcache ${uuid}/${name}/priority_stats`,
                ),
              }
            : {}),
        })),
      };
    });
}

type Kind = 'counter' | 'gauge';
/** [metric, kind, help, file, scale] */
type Field = [metric: string, kind: Kind, help: string, file: string, scale?: number];

const SET_FIELDS: Field[] = [
  ['average_key_size_sectors', 'gauge', 'Average data per key in the btree (sectors).', 'average_key_size'],
  ['btree_cache_size_bytes', 'gauge', 'Amount of memory currently used by the btree cache.', 'btree_cache_size'],
  [
    'cache_available_percent',
    'gauge',
    'Percentage of cache device without dirty data, usable for writeback (may contain clean cached data).',
    'cache_available_percent',
  ],
  ['congested', 'gauge', 'Congestion.', 'congested'],
  ['root_usage_percent', 'gauge', 'Percentage of the root btree node in use (tree depth increases if too high).', 'root_usage_percent'],
  ['tree_depth', 'gauge', 'Depth of the btree.', 'tree_depth'],
];
const INTERNAL_FIELDS: Field[] = [
  ['active_journal_entries', 'gauge', 'Number of journal entries that are newer than the index.', 'active_journal_entries'],
  ['btree_nodes', 'gauge', 'Total nodes in the btree.', 'btree_nodes'],
  // node_exporter scales this microsecond attribute by 1e-9 (it takes it for nanoseconds); kept
  // so that dashboards built on node_exporter read the same number from vigil.
  ['btree_read_average_duration_seconds', 'gauge', 'Average btree read duration.', 'btree_read_average_duration_us', 1e-9],
  [
    'cache_read_races_total',
    'counter',
    'Counts instances where while data was being read from the cache, the bucket was reused and invalidated - i.e. where the pointer was stale after the read completed.',
    'cache_read_races',
  ],
];
const TOTAL_FIELDS: Field[] = [
  ['bypassed_bytes_total', 'counter', 'Amount of IO (both reads and writes) that has bypassed the cache.', 'bypassed'],
  ['cache_hits_total', 'counter', 'Hits counted per individual IO as bcache sees them.', 'cache_hits'],
  ['cache_misses_total', 'counter', 'Misses counted per individual IO as bcache sees them.', 'cache_misses'],
  ['cache_bypass_hits_total', 'counter', 'Hits for IO intended to skip the cache.', 'cache_bypass_hits'],
  ['cache_bypass_misses_total', 'counter', 'Misses for IO intended to skip the cache.', 'cache_bypass_misses'],
  [
    'cache_miss_collisions_total',
    'counter',
    'Instances where data insertion from cache miss raced with write (data already present).',
    'cache_miss_collisions',
  ],
  ['cache_readaheads_total', 'counter', 'Count of times readahead occurred.', 'cache_readaheads'],
];
const CACHE_FIELDS: Field[] = [
  ['io_errors', 'gauge', 'Number of errors that have occurred, decayed by io_error_halflife.', 'io_errors'],
  ['metadata_written_bytes_total', 'counter', 'Sum of all non data writes (btree writes and all other metadata).', 'metadata_written'],
  ['written_bytes_total', 'counter', 'Sum of all data that has been written to the cache.', 'written'],
];
const WRITEBACK_FIELDS: [metric: string, help: string, pick: keyof WritebackRate][] = [
  ['dirty_target_bytes', 'Current dirty data target threshold for this backing device in bytes.', 'target'],
  ['writeback_rate', 'Current writeback rate for this backing device in bytes.', 'rate'],
  ['writeback_rate_proportional_term', 'Current result of proportional controller, part of writeback rate', 'proportional'],
  ['writeback_rate_integral_term', 'Current result of integral controller, part of writeback rate', 'integral'],
  ['writeback_change', 'Last writeback rate change step for this backing device.', 'change'],
];

export function bcacheFamilies(sets: BcacheSet[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (sets.length === 0) return [];
  const fams: MetricFamily[] = [];
  const family = (metric: string, kind: Kind, help: string, samples: Sample[]) =>
    fams.push((kind === 'counter' ? counter : gauge)(`node_bcache_${metric}`, help, samples));
  const fields = (list: Field[], rows: (s: BcacheSet) => { labels: Record<string, string>; values: Values }[]) => {
    for (const [metric, kind, help, file, scale] of list) {
      family(
        metric,
        kind,
        help,
        sets.flatMap((s) =>
          rows(s).flatMap(({ labels, values }) => {
            const v = values.get(file);
            return v === undefined ? [] : [{ labels, value: scale ? v * scale : v }];
          }),
        ),
      );
    }
  };
  fields(SET_FIELDS, (s) => [{ labels: { uuid: s.uuid }, values: s.values }]);
  fields(INTERNAL_FIELDS, (s) => [{ labels: { uuid: s.uuid }, values: s.internal }]);
  const backing = (values: (b: BcacheBacking) => Values) => (s: BcacheSet) =>
    s.backing.map((b) => ({ labels: { backing_device: b.name, uuid: s.uuid }, values: values(b) }));
  fields(
    [['dirty_data_bytes', 'gauge', 'Amount of dirty data for this backing device in the cache.', 'dirty_data']],
    backing((b) => b.values),
  );
  for (const [metric, help, pick] of WRITEBACK_FIELDS) {
    family(
      metric,
      'gauge',
      help,
      sets.flatMap((s) =>
        s.backing.flatMap((b) => {
          const value = b.writeback[pick];
          return value === undefined ? [] : [{ labels: { backing_device: b.name, uuid: s.uuid }, value }];
        }),
      ),
    );
  }
  fields(
    TOTAL_FIELDS,
    backing((b) => b.total),
  );
  fields(CACHE_FIELDS, (s) => s.caches.map((c) => ({ labels: { cache_device: c.name, uuid: s.uuid }, values: c.values })));
  const priority = (pick: 'unused' | 'metadata') =>
    sets.flatMap((s) =>
      s.caches.flatMap((c) => (c.priority ? [{ labels: { cache_device: c.name, uuid: s.uuid }, value: c.priority[pick] }] : [])),
    );
  family('priority_stats_unused_percent', 'gauge', "The percentage of the cache that doesn't contain any data.", priority('unused'));
  family('priority_stats_metadata_percent', 'gauge', "Bcache's metadata overhead.", priority('metadata'));
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const bcacheCollector: CollectorDefinition<BcacheOptions> = {
  name: 'bcache',
  defaultEnabled: true,
  description: 'bcache cache sets, backing and cache devices from /sys/fs/bcache (where bcache is in use)',
  create: ({ options, paths }) => ({
    name: 'bcache',
    collect: () => bcacheFamilies(readBcache(sysPath(paths, 'fs', 'bcache'), options?.priority_stats === true)),
  }),
};
