import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cpuCollector } from '../../src/collectors/cpu.js';
import { diskstatsCollector } from '../../src/collectors/diskstats.js';
import { createFilesystemCollector, type FsStats } from '../../src/collectors/filesystem.js';
import { hwmonCollector } from '../../src/collectors/hwmon.js';
import { meminfoCollector } from '../../src/collectors/meminfo.js';
import { netdevCollector } from '../../src/collectors/netdev.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { MAX_READ_BYTES, readText, releaseKeptFiles } from '../../src/collectors/read.js';
import { statCollector } from '../../src/collectors/stat.js';
import { ctx, FIXTURE_PATHS, flatten } from '../support/host-fixture.js';

// Each test copies the fixture host into a temp dir and plants one bad file in it: what a
// --path.procfs/--path.sysfs pointed at the wrong (or a hostile) tree can hold.
const made: string[] = [];
function hostTree(): HostPaths {
  const root = mkdtempSync(join(tmpdir(), 'vigil-hostile-'));
  made.push(root);
  cpSync(join(FIXTURE_PATHS.procfs, '..'), root, { recursive: true });
  return { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: join(root, 'root') };
}
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterEach(() => releaseKeptFiles());

const setup = (paths: HostPaths, options = {}) => ({ options, paths, platform: 'linux' as const });
const collect = async (c: { collect: (x: ReturnType<typeof ctx>) => unknown }, paths: HostPaths) => c.collect(ctx(paths)) as Promise<never>;

describe('reads are bounded and never block', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const paths = hostTree();
    const fifo = join(paths.procfs, 'meminfo');
    rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    // The old reader's open blocked the whole process until a writer came: this one comes
    // after three seconds, so a blocking open shows as a slow read instead of a hung test.
    const writer = spawn('sh', ['-c', `sleep 3; echo 'MemTotal: 1 kB' > '${fifo}'`], { stdio: 'ignore' });
    try {
      const started = Date.now();
      expect(() => readText(fifo)).toThrow(/not a regular file/);
      expect(() => meminfoCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/meminfo: not a regular file/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('refuses a FIFO under sysfs where an interface state should be: that interface is left out at once', () => {
    const paths = hostTree();
    const fifo = join(paths.sysfs, 'class/net/eth0/operstate');
    rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `sleep 3; echo up > '${fifo}'`], { stdio: 'ignore' });
    try {
      const started = Date.now();
      const m = flatten(netdevCollector.create(setup(paths)).collect(ctx(paths)) as never);
      expect(Date.now() - started).toBeLessThan(1500);
      // A per-interface sysfs read that fails leaves that interface's state out (it may be gone).
      expect(m.has('node_network_up{device="eth0"}')).toBe(false);
      expect(m.get('node_network_up{device="wlan0"}')).toBe(0);
      expect(m.get('node_network_receive_bytes_total{device="eth0"}')).toBe(68210035552);
      expect(() => readText(fifo, false)).toThrow(/eth0\/operstate: not a regular file/);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('fails the collector with the reason on a file past the size limit, without reading it all', () => {
    const paths = hostTree();
    // Valid meminfo lines, 10 MB of them: the old reader took it whole (40 MB took RSS to 1.9 GB).
    const line = 'MemTotal:       16318536 kB\n';
    writeFileSync(join(paths.procfs, 'meminfo'), line.repeat(Math.ceil((MAX_READ_BYTES * 2.5) / line.length)));
    expect(() => meminfoCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/meminfo: larger than the 4 MiB a collector reads/);
    // A file just under the limit is still read.
    writeFileSync(join(paths.procfs, 'meminfo'), line.repeat(Math.floor(MAX_READ_BYTES / line.length)));
    expect(flatten(meminfoCollector.create(setup(paths)).collect(ctx(paths)) as never).get('node_memory_MemTotal_bytes')).toBe(
      16318536 * 1024,
    );
  });
});

describe('names are UTF-8, as the kernel hands them over', () => {
  const STATS: FsStats = { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 50, ffree: 20 };

  it('reads a UTF-8 mount point as written and calls statfs on that path', async () => {
    const paths = hostTree();
    writeFileSync(join(paths.procfs, '1/mounts'), '/dev/sda1 / ext4 rw 0 0\n/dev/sdc1 /srv/données\\040été ext4 rw 0 0\n');
    const asked: string[] = [];
    const c = createFilesystemCollector(
      {},
      paths.procfs,
      '/',
      async () => STATS,
      (p) => {
        asked.push(p);
        if (p === '/srv/données été') return STATS;
        throw new Error('ENOENT');
      },
    );
    const m = flatten(await c.collect(ctx(paths)));
    expect(asked).toEqual(['/', '/srv/données été']);
    expect(m.get('node_filesystem_device_error{device="/dev/sdc1",fstype="ext4",mountpoint="/srv/données été"}')).toBe(0);
    expect(m.get('node_filesystem_size_bytes{device="/dev/sdc1",fstype="ext4",mountpoint="/srv/données été"}')).toBe(4096 * 1000);
  });

  it('reads a UTF-8 interface name as written', () => {
    const paths = hostTree();
    writeFileSync(
      join(paths.procfs, 'net/dev'),
      [
        'Inter-|   Receive                                                |  Transmit',
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
        '  wäl0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0',
        '',
      ].join('\n'),
    );
    const m = flatten(netdevCollector.create(setup(paths)).collect(ctx(paths)) as never);
    expect(m.get('node_network_receive_bytes_total{device="wäl0"}')).toBe(10);
    expect(m.get('node_network_transmit_bytes_total{device="wäl0"}')).toBe(20);
  });
});

describe('corrupt procfs and sysfs input fails the collector with a reason', () => {
  it('garbage meminfo is a failure, not success with no series', () => {
    const paths = hostTree();
    writeFileSync(join(paths.procfs, 'meminfo'), 'this is not meminfo\n\u0000\u0001garbage\n');
    expect(() => meminfoCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/meminfo line 1 is not "Field: number \[kB\]"/);
  });

  it('garbage stat is a failure of both stat and cpu', () => {
    const paths = hostTree();
    writeFileSync(join(paths.procfs, 'stat'), 'random words here\nand more\n');
    expect(() => statCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/stat holds none of btime/);
    expect(() => cpuCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/stat holds no cpuN line/);
  });

  it('a non-numeric cpu field fails cpu instead of giving a NaN counter', () => {
    const paths = hostTree();
    writeFileSync(join(paths.procfs, 'stat'), 'cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 x 4 5 6 7 8 9 10\nbtime 1700000000\nctxt abc\n');
    expect(() => cpuCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/cpu0 field 3 is "x"/);
    expect(() => statCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/stat line "ctxt" has "abc"/);
  });

  it('a non-numeric diskstats field fails diskstats instead of giving a NaN counter', () => {
    const paths = hostTree();
    writeFileSync(join(paths.procfs, 'diskstats'), '   8       0 sda 1 2 3 4 5 6 7 8 9 zz 11\n');
    expect(() => diskstatsCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/diskstats sda field 10 is "zz"/);
  });

  it('an empty temp*_input fails hwmon instead of reading as 0 °C', () => {
    const paths = hostTree();
    writeFileSync(join(paths.sysfs, 'class/hwmon/hwmon0/temp2_input'), '\n');
    expect(() => hwmonCollector.create(setup(paths)).collect(ctx(paths))).toThrow(/hwmon0\/temp2_input holds "", not a temperature/);
  });
});

describe('the fixture host still reads whole', () => {
  it('cpu, stat, meminfo and hwmon succeed on the untouched copy', async () => {
    const paths = hostTree();
    for (const c of [cpuCollector, statCollector, meminfoCollector, hwmonCollector]) {
      const m = flatten(await collect(c.create(setup(paths)), paths));
      expect(m.size).toBeGreaterThan(0);
    }
  });
});
