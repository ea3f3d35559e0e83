// Run by netclass-rename.test.ts inside a fresh network and mount namespace (unshare), so the
// interfaces it makes and renames exist nowhere else.
import { execFileSync } from 'node:child_process';
const { netclassCollector } = await import(process.argv[2]);
const c = netclassCollector.create({ options: {}, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' });
const mtu = async () =>
  Object.fromEntries((await c.collect({})).find((f) => f.name === 'node_network_mtu_bytes').samples.map((s) => [s.labels.device, s.value]));
const ip = (...a) => execFileSync('ip', a);
ip('link', 'add', 'vgA', 'type', 'veth', 'peer', 'name', 'vgB');
ip('link', 'set', 'vgA', 'mtu', '1234');
ip('link', 'set', 'vgB', 'mtu', '1300');
const before = await mtu();
ip('link', 'set', 'vgA', 'name', 'vgT');
ip('link', 'set', 'vgB', 'name', 'vgA');
const after = await mtu();
console.log(JSON.stringify({ before, after }));
