// Run by netclass-gone.test.ts inside a fresh network and mount namespace (unshare): a veth
// pair comes and goes five times while netclass scrapes; prints what was held open each time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
const { netclassCollector } = await import(process.argv[2]);
const { keptFileCount } = await import(process.argv[3]);
const c = netclassCollector.create({ options: {}, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' });
const ip = (...a) => execFileSync('ip', a);
const fds = () => readdirSync('/proc/self/fd');
// Descriptors open on the interface's sysfs files (they resolve to /sys/devices/virtual/net/NAME/...).
const held = (name) =>
  fds().filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes(`/net/${name}/`);
    } catch {
      return false;
    }
  }).length;
const snapshot = () => ({ vgA: held('vgA'), vgB: held('vgB'), kept: keptFileCount(), fds: fds().length });
// A first child process leaves Node's own SIGCHLD machinery open: make it before the baseline.
ip('link', 'show');
await c.collect({});
const base = snapshot();
const cycles = [];
for (let i = 0; i < 5; i++) {
  ip('link', 'add', 'vgA', 'type', 'veth', 'peer', 'name', 'vgB');
  await c.collect({});
  const up = snapshot();
  ip('link', 'del', 'vgA'); // takes its peer vgB with it
  await c.collect({});
  cycles.push({ up, gone: snapshot() });
}
console.log(JSON.stringify({ base, cycles }));
