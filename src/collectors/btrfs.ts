// /sys/fs/btrfs/<fsid>/ (Documentation/ABI/testing/sysfs-fs-btrfs): per mounted filesystem
// its label, the global reserve, per block group type (data, metadata, system) the bytes
// reserved and per RAID profile directory (single, dup, raid1, ...) total and used bytes,
// and devices/<dev>/size in 512-byte sectors. node_exporter's sysfs part of btrfs; its
// per-device error counters come from an ioctl and are not served.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { readRequiredInteger } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

const TYPES = ['data', 'metadata', 'system'] as const;

export interface BtrfsProfile {
  type: string;
  mode: string;
  totalBytes: number;
  usedBytes: number;
}

export interface BtrfsFs {
  uuid: string;
  label: string;
  globalRsvSize: number;
  reserved: { type: string; bytes: number }[];
  profiles: BtrfsProfile[];
  devices: { device: string; bytes: number }[];
}

export function readBtrfs(root: string): BtrfsFs[] {
  // The filesystems are the <fsid> directories (with dashes); "features" is not one.
  return listDir(root)
    .filter((e) => e.includes('-'))
    .sort()
    .map((entry) => {
      const dir = `${root}/${entry}`;
      const req = (file: string) => readRequiredInteger(`${dir}/${file}`, `btrfs ${entry}/${file}`);
      const devices = listDir(`${dir}/devices`)
        .sort()
        .map((device) => ({ device, bytes: 512 * req(`devices/${device}/size`) }));
      const reserved: BtrfsFs['reserved'] = [];
      const profiles: BtrfsProfile[] = [];
      for (const type of TYPES) {
        reserved.push({ type, bytes: req(`allocation/${type}/bytes_reserved`) });
        // The profile directories are those holding total_bytes; the others are files.
        for (const mode of listDir(`${dir}/allocation/${type}`).sort()) {
          if (readTrimmed(`${dir}/allocation/${type}/${mode}/total_bytes`) === undefined) continue;
          profiles.push({
            type,
            mode,
            totalBytes: req(`allocation/${type}/${mode}/total_bytes`),
            usedBytes: req(`allocation/${type}/${mode}/used_bytes`),
          });
        }
      }
      return {
        // metadata_uuid is the fsid users see when it differs from the directory (btrfstune -m).
        uuid: readTrimmed(`${dir}/metadata_uuid`) || entry,
        label: readTrimmed(`${dir}/label`) ?? '',
        globalRsvSize: req('allocation/global_rsv_size'),
        reserved,
        profiles,
        devices,
      };
    });
}

/** Raw bytes a profile stores per byte of data: what node_exporter reports as the ratio. */
export function allocationRatio(mode: string, devices: number): number {
  switch (mode) {
    case 'single':
    case 'raid0':
      return 1;
    case 'dup':
    case 'raid1':
    case 'raid10':
      return 2;
    case 'raid5':
      return devices / (devices - 1);
    case 'raid6':
      return devices / (devices - 2);
    default:
      return 0; // raid1c3 and others node_exporter does not know
  }
}

export function btrfsFamilies(filesystems: BtrfsFs[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (filesystems.length === 0) return [];
  const per = (pick: (f: BtrfsFs) => Sample[]) => filesystems.flatMap(pick);
  const profile = (pick: (p: BtrfsProfile, f: BtrfsFs) => number) =>
    per((f) =>
      f.profiles.map((p) => ({
        labels: { block_group_type: p.type, mode: p.mode, uuid: f.uuid },
        value: pick(p, f),
      })),
    );
  return [
    gauge(
      'node_btrfs_allocation_ratio',
      'Data allocation ratio for a layout/data type',
      profile((p, f) => allocationRatio(p.mode, f.devices.length)),
    ),
    gauge(
      'node_btrfs_device_size_bytes',
      'Size of a device that is part of the filesystem.',
      per((f) => f.devices.map((d) => ({ labels: { device: d.device, uuid: f.uuid }, value: d.bytes }))),
    ),
    gauge(
      'node_btrfs_global_rsv_size_bytes',
      'Size of global reserve.',
      per((f) => [{ labels: { uuid: f.uuid }, value: f.globalRsvSize }]),
    ),
    gauge(
      'node_btrfs_info',
      'Filesystem information',
      per((f) => [{ labels: { label: f.label, uuid: f.uuid }, value: 1 }]),
    ),
    gauge(
      'node_btrfs_reserved_bytes',
      'Amount of space reserved for a data type',
      per((f) => f.reserved.map((r) => ({ labels: { block_group_type: r.type, uuid: f.uuid }, value: r.bytes }))),
    ),
    gauge(
      'node_btrfs_size_bytes',
      'Amount of space allocated for a layout/data type',
      profile((p) => p.totalBytes),
    ),
    gauge(
      'node_btrfs_used_bytes',
      'Amount of used space by a layout/data type',
      profile((p) => p.usedBytes),
    ),
  ];
}

export const btrfsCollector: CollectorDefinition = {
  name: 'btrfs',
  defaultEnabled: true,
  description: 'Btrfs allocation by block group type and profile, and device sizes, from /sys/fs/btrfs (where btrfs is mounted)',
  create: ({ paths }) => ({ name: 'btrfs', collect: () => btrfsFamilies(readBtrfs(sysPath(paths, 'fs', 'btrfs'))) }),
};
