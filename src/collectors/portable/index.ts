// macOS and Windows have no /proc. There vigil takes the same facts from Node's os module
// and from systeminformation, under node_exporter's names for Darwin where they differ from
// Linux (node_memory_total_bytes rather than node_memory_MemTotal_bytes). No config string
// is ever passed to an si.* call: its history of command injection makes that a rule.
import { cpus, loadavg, machine, release, version, hostname, type } from 'node:os';
import { counter, gauge, single, type MetricFamily, type Sample } from '../../metrics/model.js';
import { loadavgFamilies } from '../loadavg.js';
import { osFamilies } from '../os.js';
import { timeFamilies } from '../time.js';
import type { CollectorDefinition } from '../types.js';
import { unameFamilies } from '../uname.js';
import { remaining, withTimeout } from './timeout.js';

// systeminformation is loaded on first use, so Linux, which never needs it, never pays for it.
const si = async () => (await import('systeminformation')).default;

export function cpuTimesFamilies(
  list: { times: { user: number; nice: number; sys: number; idle: number; irq: number } }[],
): MetricFamily[] {
  const samples: Sample[] = [];
  list.forEach((c, i) => {
    const cpu = String(i);
    // os.cpus() reports milliseconds.
    samples.push({ labels: { cpu, mode: 'user' }, value: c.times.user / 1000 });
    samples.push({ labels: { cpu, mode: 'nice' }, value: c.times.nice / 1000 });
    samples.push({ labels: { cpu, mode: 'system' }, value: c.times.sys / 1000 });
    samples.push({ labels: { cpu, mode: 'idle' }, value: c.times.idle / 1000 });
    samples.push({ labels: { cpu, mode: 'irq' }, value: c.times.irq / 1000 });
  });
  return [counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', samples)];
}

export function memFamilies(m: {
  total: number;
  free: number;
  available: number;
  active: number;
  swaptotal: number;
  swapused: number;
}): MetricFamily[] {
  return [
    single('node_memory_active_bytes', 'Memory information field active_bytes.', 'gauge', m.active),
    single('node_memory_available_bytes', 'Memory information field available_bytes.', 'gauge', m.available),
    single('node_memory_free_bytes', 'Memory information field free_bytes.', 'gauge', m.free),
    single('node_memory_swap_total_bytes', 'Memory information field swap_total_bytes.', 'gauge', m.swaptotal),
    single('node_memory_swap_used_bytes', 'Memory information field swap_used_bytes.', 'gauge', m.swapused),
    single('node_memory_total_bytes', 'Memory information field total_bytes.', 'gauge', m.total),
  ];
}

export function fsFamilies(
  list: { fs: string; type: string; size: number; available: number; used: number; mount: string; rw: boolean | null }[],
): MetricFamily[] {
  const size: Sample[] = [];
  const avail: Sample[] = [];
  const free: Sample[] = [];
  const ro: Sample[] = [];
  for (const f of list) {
    const labels = { device: f.fs, fstype: f.type, mountpoint: f.mount };
    size.push({ labels, value: f.size });
    avail.push({ labels, value: f.available });
    free.push({ labels, value: f.size - f.used });
    ro.push({ labels, value: f.rw === false ? 1 : 0 });
  }
  return [
    gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', avail),
    gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.', free),
    gauge('node_filesystem_readonly', 'Filesystem read-only status.', ro),
    gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', size),
  ];
}

export function netFamilies(
  list: {
    iface: string;
    rx_bytes: number;
    tx_bytes: number;
    rx_errors: number;
    tx_errors: number;
    rx_dropped: number;
    tx_dropped: number;
    operstate: string;
  }[],
): MetricFamily[] {
  const fam = (name: string, pick: (x: (typeof list)[number]) => number) =>
    counter(
      name,
      `Network device statistic ${name.replace(/^node_network_|_total$/g, '')}.`,
      list.map((x) => ({ labels: { device: x.iface }, value: pick(x) })),
    );
  return [
    fam('node_network_receive_bytes_total', (x) => x.rx_bytes),
    fam('node_network_receive_drop_total', (x) => x.rx_dropped),
    fam('node_network_receive_errs_total', (x) => x.rx_errors),
    fam('node_network_transmit_bytes_total', (x) => x.tx_bytes),
    fam('node_network_transmit_drop_total', (x) => x.tx_dropped),
    fam('node_network_transmit_errs_total', (x) => x.tx_errors),
    gauge(
      'node_network_up',
      "Value is 1 if operstate is 'up', 0 otherwise.",
      list.map((x) => ({ labels: { device: x.iface }, value: x.operstate === 'up' ? 1 : 0 })),
    ),
  ];
}

const def = (
  name: string,
  description: string,
  collect: (deadline: number) => MetricFamily[] | Promise<MetricFamily[]>,
): CollectorDefinition => ({
  name,
  defaultEnabled: true,
  description,
  create: () => ({ name, collect: (ctx) => collect(ctx.deadline) }),
});

export const PORTABLE_COLLECTORS: readonly CollectorDefinition[] = [
  def('cpu', 'CPU time per CPU and mode (os.cpus)', () => cpuTimesFamilies(cpus())),
  def('filesystem', 'Filesystem sizes (systeminformation fsSize)', async (d) =>
    fsFamilies(await withTimeout((await si()).fsSize(), remaining(d), 'si.fsSize')),
  ),
  def('loadavg', 'Load averages (os.loadavg; zero on Windows)', () => {
    const [a, b, c] = loadavg();
    return loadavgFamilies([a ?? 0, b ?? 0, c ?? 0]);
  }),
  def('meminfo', 'Memory (systeminformation mem)', async (d) => memFamilies(await withTimeout((await si()).mem(), remaining(d), 'si.mem'))),
  def('netdev', 'Network interface counters (systeminformation networkStats)', async (d) =>
    netFamilies(await withTimeout((await si()).networkStats('*'), remaining(d), 'si.networkStats')),
  ),
  def('os', 'Operating system release (systeminformation osInfo)', async (d) => {
    const o = await withTimeout((await si()).osInfo(), remaining(d), 'si.osInfo');
    return osFamilies({
      ID: o.platform,
      NAME: o.distro,
      PRETTY_NAME: `${o.distro} ${o.release}`.trim(),
      VERSION: o.release,
      VERSION_ID: o.release,
      VERSION_CODENAME: o.codename,
      BUILD_ID: o.build,
    });
  }),
  def('time', 'System clock and time zone', () => {
    const now = new Date();
    const off = -now.getTimezoneOffset();
    return timeFamilies(now, off === 0 ? 'UTC' : `${off > 0 ? '+' : '-'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}`, {});
  }),
  def('uname', 'Kernel name, release, version, machine and host name (os module)', () =>
    unameFamilies({ sysname: type(), release: release(), version: version(), machine: machine(), nodename: hostname(), domainname: '' }),
  ),
];
