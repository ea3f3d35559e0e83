import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// netclass keeps each interface's ~20 sysfs files open between scrapes (reopening them cost
// more than a millisecond a scrape). That is only bounded if an interface that goes away takes
// its descriptors with it: on a host where containers come and go, veth interfaces appear and
// disappear all day. Run in a private network namespace with its own sysfs, as the rename test.
const SCRIPT = fileURLToPath(new URL('./scripts/netclass-gone.mjs', import.meta.url));
const MODULE = fileURLToPath(new URL('../../dist/collectors/netclass.js', import.meta.url));
const READ = fileURLToPath(new URL('../../dist/collectors/read.js', import.meta.url));

const canUnshare =
  process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('unshare', ['--net', '--mount', 'true']).status === 0;

interface Snapshot {
  vgA: number;
  vgB: number;
  kept: number;
  fds: number;
}

describe.skipIf(!canUnshare)('netclass as interfaces come and go', () => {
  it("closes a vanished interface's kept files at the next scrape, so open files do not grow", () => {
    const r = spawnSync(
      'unshare',
      ['--net', '--mount', 'sh', '-c', `mount -t sysfs sysfs /sys && ${process.execPath} ${SCRIPT} ${MODULE} ${READ}`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const { base, cycles } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      base: Snapshot;
      cycles: { up: Snapshot; gone: Snapshot }[];
    };
    expect(cycles).toHaveLength(5);
    for (const { up, gone } of cycles) {
      // While the pair exists its files are held open (what makes this test mean something)...
      expect(up.vgA).toBeGreaterThan(10);
      expect(up.vgB).toBeGreaterThan(10);
      expect(up.kept).toBe(base.kept + up.vgA + up.vgB);
      // ...and once it is gone, none are, and the process holds what it held before the pair.
      expect(gone).toEqual({ vgA: 0, vgB: 0, kept: base.kept, fds: base.fds });
    }
  });
});
