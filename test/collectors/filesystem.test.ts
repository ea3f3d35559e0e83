import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFilesystemCollector,
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  parseMounts,
  selectMounts,
  type FsStats,
} from '../../src/collectors/filesystem.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';
import { mustCompileRe2 } from '../../src/regex/re2.js';

const STATS: FsStats = { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 50, ffree: 20 };

describe('filesystem', () => {
  it('decodes octal escapes in mount points', () => {
    expect(parseMounts('/dev/sdb1 /srv/with\\040space ext4 rw 0 0\n')[0]!.mountPoint).toBe('/srv/with space');
  });

  it("applies node_exporter's default excludes and keeps the last mount of a point", () => {
    const mounts = parseMounts('proc /proc proc rw 0 0\n/dev/a / ext4 rw 0 0\n/dev/b / ext4 ro 0 0\ntmpfs /run tmpfs rw 0 0\n');
    const kept = selectMounts(
      mounts,
      mustCompileRe2(DEFAULT_MOUNT_POINTS_EXCLUDE, 'mounts').test,
      mustCompileRe2(DEFAULT_FS_TYPES_EXCLUDE, 'types').test,
    );
    expect(kept.map((m) => `${m.device} ${m.mountPoint}`)).toEqual(['/dev/b /']);
  });

  it('reports sizes from statfs, read-only status and device errors', async () => {
    const c = createFilesystemCollector(
      {},
      FIXTURE_PATHS.procfs,
      '/',
      async (p) => {
        if (p === '/srv/with space') throw new Error('EACCES');
        return STATS;
      },
      null,
    );
    const m = flatten(await c.collect(ctx()));
    const root = 'device="/dev/sda1",fstype="ext4",mountpoint="/"';
    expect(m.get(`node_filesystem_size_bytes{${root}}`)).toBe(4096 * 1000);
    expect(m.get(`node_filesystem_avail_bytes{${root}}`)).toBe(4096 * 300);
    expect(m.get(`node_filesystem_free_bytes{${root}}`)).toBe(4096 * 400);
    expect(m.get(`node_filesystem_files_free{${root}}`)).toBe(20);
    expect(m.get(`node_filesystem_readonly{${root}}`)).toBe(0);
    expect(m.get('node_filesystem_readonly{device="/dev/sda2",fstype="ext4",mountpoint="/data"}')).toBe(1);
    expect(m.get('node_filesystem_device_error{device="/dev/sdb1",fstype="ext4",mountpoint="/srv/with space"}')).toBe(1);
    expect(m.has('node_filesystem_size_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/srv/with space"}')).toBe(false);
    expect([...m.keys()].some((k) => k.includes('mountpoint="/run"'))).toBe(false);
  });

  it('sets a hung statfs aside as stuck, skips it while stuck, and forgets it once the call returns', async () => {
    let release: (s: FsStats) => void = () => undefined;
    const c = createFilesystemCollector(
      { mount_timeout_seconds: 0.05 },
      FIXTURE_PATHS.procfs,
      '/',
      (p) =>
        p === '/data'
          ? new Promise<FsStats>((r) => {
              release = r;
            })
          : Promise.resolve(STATS),
      null,
    );
    const started = Date.now();
    const first = flatten(await c.collect(ctx()));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first.get('node_filesystem_device_error{device="/dev/sda2",fstype="ext4",mountpoint="/data"}')).toBe(1);
    expect(c.state.stuck.has('/data')).toBe(true);

    const second = flatten(await c.collect(ctx()));
    expect([...second.keys()].some((k) => k.includes('mountpoint="/data"'))).toBe(false);
    expect(second.get('node_filesystem_device_error{device="/dev/sda1",fstype="ext4",mountpoint="/"}')).toBe(0);

    release(STATS);
    await new Promise((r) => setTimeout(r, 10));
    expect(c.state.stuck.has('/data')).toBe(false);
  });

  it('asks local filesystem types synchronously and others through the async path', async () => {
    const asked: string[] = [];
    const c = createFilesystemCollector(
      {},
      FIXTURE_PATHS.procfs,
      '/',
      async (p) => {
        asked.push(`async ${p}`);
        return STATS;
      },
      (p) => {
        asked.push(`sync ${p}`);
        return STATS;
      },
    );
    const r = c.collect(ctx());
    // Every fixture mount is ext4: the answer comes back without a promise.
    expect(r).not.toBeInstanceOf(Promise);
    expect(asked).toEqual(['sync /', 'sync /data', 'sync /srv/with space']);
  });
});

describe('filesystem excludes are RE2', () => {
  it('a nested-quantifier exclude against a crafted mount point does not stall the scrape', async () => {
    // On JavaScript's RegExp this took 2^30 steps (over ten seconds) for one mount point, every scrape.
    const procfs = mkdtempSync(join(tmpdir(), 'vigil-fs-'));
    try {
      mkdirSync(join(procfs, '1'));
      writeFileSync(join(procfs, '1', 'mounts'), `/dev/a / ext4 rw 0 0\n/dev/b /${'a'.repeat(30)}! ext4 rw 0 0\n/dev/c /aaa ext4 rw 0 0\n`);
      const c = createFilesystemCollector(
        { mount_points_exclude: '^/(a+)+$' },
        procfs,
        '/',
        async () => STATS,
        () => STATS,
      );
      const started = Date.now();
      const m = flatten(await c.collect(ctx()));
      flatten(await c.collect(ctx()));
      expect(Date.now() - started).toBeLessThan(2000);
      const points = [...m.keys()].filter((k) => k.startsWith('node_filesystem_size_bytes')).map((k) => /mountpoint="([^"]*)"/.exec(k)![1]);
      expect(points).toEqual(['/', `/${'a'.repeat(30)}!`]);
    } finally {
      rmSync(procfs, { recursive: true, force: true });
    }
  });
});
