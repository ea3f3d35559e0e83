import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// netclass keeps each interface's sysfs files open between scrapes; a kept descriptor follows
// the kernel object through a rename. Swapping two interfaces' names must not swap their
// figures. The check runs in its own network namespace with its own sysfs mount, so the
// host's interfaces (and the other tests reading them) never see the veth pair it makes.
const SCRIPT = fileURLToPath(new URL('./scripts/netclass-rename.mjs', import.meta.url));
const MODULE = fileURLToPath(new URL('../../dist/collectors/netclass.js', import.meta.url));

const canUnshare =
  process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('unshare', ['--net', '--mount', 'true']).status === 0;

describe.skipIf(!canUnshare)('netclass across an interface rename', () => {
  it('reports each name with the figures of the interface that has it now', () => {
    const r = spawnSync(
      'unshare',
      ['--net', '--mount', 'sh', '-c', `mount -t sysfs sysfs /sys && ${process.execPath} ${SCRIPT} ${MODULE}`],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const { before, after } = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Record<string, number>>;
    expect(before).toMatchObject({ vgA: 1234, vgB: 1300 });
    // vgA was renamed vgT, and vgB took the name vgA.
    expect(after).toMatchObject({ vgA: 1300, vgT: 1234 });
    expect(after!['vgB']).toBeUndefined();
  });
});
