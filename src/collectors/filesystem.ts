// node_exporter's filesystem collector: size, free and available bytes and inodes of each mount
// point. A network mount's statfs can hang for minutes, so those run off the event loop under a
// timeout; one that times out reports node_filesystem_device_error, then is skipped until it answers.
import { statfs as statfsCallback, statfsSync } from 'node:fs';
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { memoTest } from '../regex/memo.js';
import { builtinPattern, mustCompileRe2 } from '../regex/re2.js';
import { DEFAULT_FS_TYPES_EXCLUDE } from './fs-types.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { Collector, CollectorDefinition } from './types.js';

// Debian's node_exporter defaults, so a host shows the same filesystems in both.
export const DEFAULT_MOUNT_POINTS_EXCLUDE = '^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export { DEFAULT_FS_TYPES_EXCLUDE } from './fs-types.js';

export interface FilesystemOptions {
  mount_points_exclude?: string;
  fs_types_exclude?: string;
  /** How long one statfs may take before its mount point is set aside as stuck. */
  mount_timeout_seconds?: number;
}

export interface Mount {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
}

export interface FsStats {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

export type Statfs = (path: string) => Promise<FsStats>;
export type StatfsSync = (path: string) => FsStats;

// Filesystems whose statfs is answered from the in-memory superblock: no network, no
// userspace daemon, so it cannot hang. These are asked synchronously (microseconds, no
// threadpool round trip); everything else (NFS, CIFS, FUSE, Ceph, ...) goes through the
// threadpool under a timeout, with stuck mount points remembered.
const LOCAL_FS_TYPES = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'jfs',
  'reiserfs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'tmpfs',
  'ramfs',
  'efivarfs',
  'bcachefs',
  'nilfs2',
  'hfsplus',
  'udf',
]);

export function isLocalFsType(fsType: string): boolean {
  return LOCAL_FS_TYPES.has(fsType);
}

// Mount tables escape space, tab, newline and backslash as octal.
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseMounts(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 4) continue;
    out.push({ device: unescapeMount(f[0]!), mountPoint: unescapeMount(f[1]!), fsType: f[2]!, options: f[3]!.split(',') });
  }
  return out;
}

/** Applies the excludes and keeps one entry per mount point: the last, which is the one statfs sees. */
export function selectMounts(
  mounts: Mount[],
  mountExcluded: (mountPoint: string) => boolean,
  fsTypeExcluded: (fsType: string) => boolean,
): Mount[] {
  const byPoint = new Map<string, Mount>();
  for (const m of mounts) {
    if (mountExcluded(m.mountPoint) || fsTypeExcluded(m.fsType)) continue;
    byPoint.delete(m.mountPoint);
    byPoint.set(m.mountPoint, m);
  }
  return [...byPoint.values()];
}

const defaultStatfs: Statfs = (path) =>
  new Promise((resolve, reject) => {
    statfsCallback(path, (err, s) => (err ? reject(err) : resolve(s)));
  });

export interface FilesystemState {
  /** Mount points whose statfs has not come back; skipped until it does. */
  stuck: Set<string>;
}

export function createFilesystemCollector(
  options: FilesystemOptions,
  procfs: string,
  rootfs: string,
  statfs: Statfs = defaultStatfs,
  // null sends every mount through the async path (tests of the stuck-mount handling).
  statfsLocal: StatfsSync | null = statfsSync,
): Collector & { state: FilesystemState } {
  // Memoized: the same mount points come back every scrape.
  // vigil's own defaults run on RegExp (builtinPattern); what a user writes runs on RE2.
  const mountExclude = memoTest(
    options.mount_points_exclude === undefined
      ? builtinPattern(DEFAULT_MOUNT_POINTS_EXCLUDE)
      : mustCompileRe2(options.mount_points_exclude, 'collectors.filesystem.mount_points_exclude'),
  );
  const fsTypeExclude = memoTest(
    options.fs_types_exclude === undefined
      ? builtinPattern(DEFAULT_FS_TYPES_EXCLUDE)
      : mustCompileRe2(options.fs_types_exclude, 'collectors.filesystem.fs_types_exclude'),
  );
  const mountTimeoutMs = (options.mount_timeout_seconds ?? 5) * 1000;
  const state: FilesystemState = { stuck: new Set() };
  const rootPrefix = rootfs === '/' ? '' : rootfs.replace(/\/$/, '');

  return {
    name: 'filesystem',
    state,
    collect(ctx) {
      const text = readOptional(`${procfs}/1/mounts`) ?? readOptional(`${procfs}/mounts`);
      if (text === undefined) throw new Error(`no mount table under ${procfs}`);
      const mounts = selectMounts(parseMounts(text), mountExclude, fsTypeExclude);
      const timeoutMs = Math.max(1, Math.min(mountTimeoutMs, ctx.deadline - Date.now()));
      const results: MountResult[] = [];
      const waiting: Promise<MountResult>[] = [];
      for (const m of mounts) {
        if (state.stuck.has(m.mountPoint)) continue;
        if (statfsLocal && isLocalFsType(m.fsType)) {
          let stats: FsStats | undefined;
          try {
            stats = statfsLocal(rootPrefix + m.mountPoint);
          } catch {
            stats = undefined;
          }
          results.push({ m, stats });
          continue;
        }
        waiting.push(
          statWithTimeout(
            statfs,
            rootPrefix + m.mountPoint,
            timeoutMs,
            () => state.stuck.add(m.mountPoint),
            () => state.stuck.delete(m.mountPoint),
          ).then((stats) => ({ m, stats })),
        );
      }
      // Stay synchronous when every mount was local: no promise, no timer, no event-loop turn.
      if (!waiting.length) return filesystemFamilies(results);
      return Promise.all(waiting).then((more) => {
        const all = [...results, ...more];
        const order = new Map(mounts.map((m, i) => [m, i]));
        all.sort((a, b) => order.get(a.m)! - order.get(b.m)!);
        return filesystemFamilies(all);
      });
    },
  };
}

interface MountResult {
  m: Mount;
  stats: FsStats | undefined;
}

export function filesystemFamilies(results: MountResult[]): MetricFamily[] {
  const fam = {
    size: [] as Sample[],
    free: [] as Sample[],
    avail: [] as Sample[],
    files: [] as Sample[],
    filesFree: [] as Sample[],
    ro: [] as Sample[],
    err: [] as Sample[],
  };
  for (const r of results) {
    const labels = { device: r.m.device, fstype: r.m.fsType, mountpoint: r.m.mountPoint };
    const ro = r.m.options.includes('ro') ? 1 : 0;
    fam.ro.push({ labels, value: ro });
    if (!r.stats) {
      fam.err.push({ labels, value: 1 });
      continue;
    }
    const s = r.stats;
    fam.err.push({ labels, value: 0 });
    fam.size.push({ labels, value: s.blocks * s.bsize });
    fam.free.push({ labels, value: s.bfree * s.bsize });
    fam.avail.push({ labels, value: s.bavail * s.bsize });
    fam.files.push({ labels, value: s.files });
    fam.filesFree.push({ labels, value: s.ffree });
  }
  return [
    gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', fam.avail),
    gauge('node_filesystem_device_error', 'Whether an error occurred while getting statistics for the given device.', fam.err),
    gauge('node_filesystem_files', 'Filesystem total file nodes.', fam.files),
    gauge('node_filesystem_files_free', 'Filesystem total free file nodes.', fam.filesFree),
    gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.', fam.free),
    gauge('node_filesystem_readonly', 'Filesystem read-only status.', fam.ro),
    gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', fam.size),
  ];
}

// A statfs on a dead NFS server blocks a libuv thread indefinitely. We stop waiting at the
// timeout, remember the mount as stuck so later scrapes do not pile more threads onto it, and
// forget it once the call finally returns.
function statWithTimeout(
  statfs: Statfs,
  path: string,
  timeoutMs: number,
  onStuck: () => void,
  onDone: () => void,
): Promise<FsStats | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      onStuck();
      resolve(undefined);
    }, timeoutMs);
    statfs(path).then(
      (s) => {
        clearTimeout(timer);
        onDone();
        if (!settled) resolve(s);
      },
      () => {
        clearTimeout(timer);
        onDone();
        if (!settled) resolve(undefined);
      },
    );
  });
}

export const filesystemCollector: CollectorDefinition<FilesystemOptions> = {
  name: 'filesystem',
  defaultEnabled: true,
  description: 'Filesystem sizes and free space (statfs of each mount point)',
  create: ({ options, paths }) => createFilesystemCollector(options ?? {}, procPath(paths), paths.rootfs),
};
