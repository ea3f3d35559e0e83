// The one table of host collectors: its order is the order of the exposition, and its names
// are the keys of `collectors:` in the config and of --collector.NAME on the command line.
// A new collector is a file beside this one, one line here and its options in schema.ts.
import { cpuCollector } from './cpu.js';
import { cpufreqCollector } from './cpufreq.js';
import { diskstatsCollector } from './diskstats.js';
import { dmiCollector } from './dmi.js';
import { filesystemCollector } from './filesystem.js';
import { hwmonCollector } from './hwmon.js';
import { loadavgCollector } from './loadavg.js';
import { meminfoCollector } from './meminfo.js';
import { netdevCollector } from './netdev.js';
import { osCollector } from './os.js';
import { pressureCollector } from './pressure.js';
import { runtimeCollector } from './runtime.js';
import { statCollector } from './stat.js';
import { timeCollector } from './time.js';
import { arpCollector } from './arp.js';
import { bcacheCollector } from './bcache.js';
import { bondingCollector } from './bonding.js';
import { btrfsCollector } from './btrfs.js';
import { nfsCollector } from './nfs.js';
import { nfsdCollector } from './nfsd.js';
import { nvmeCollector } from './nvme.js';
import { conntrackCollector } from './conntrack.js';
import { entropyCollector } from './entropy.js';
import { fibreChannelCollector } from './fibrechannel.js';
import { filefdCollector } from './filefd.js';
import { infinibandCollector } from './infiniband.js';
import { ipvsCollector } from './ipvs.js';
import { netclassCollector } from './netclass.js';
import { netstatCollector } from './netstat.js';
import { selinuxCollector } from './selinux.js';
import { sockstatCollector } from './sockstat.js';
import { softnetCollector } from './softnet.js';
import { systemdCollector } from './systemd.js';
import { tapestatsCollector } from './tapestats.js';
import { textfileCollector } from './textfile.js';
import { timexCollector } from './timex.js';
import { udpQueuesCollector } from './udp-queues.js';
import { vmstatCollector } from './vmstat.js';
import { edacCollector } from './edac.js';
import { mdadmCollector } from './mdadm.js';
import { powerSupplyClassCollector } from './powersupplyclass.js';
import { raplCollector } from './rapl.js';
import { schedstatCollector } from './schedstat.js';
import { thermalZoneCollector } from './thermal-zone.js';
import { xfsCollector } from './xfs.js';
import { zfsCollector } from './zfs.js';
import { watchdogCollector } from './watchdog.js';
import type { CollectorDefinition } from './types.js';
import { unameCollector } from './uname.js';

// Each definition has its own options type; a table of them can only say "some options".
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const HOST_COLLECTORS: readonly CollectorDefinition<any>[] = [
  arpCollector,
  bcacheCollector,
  bondingCollector,
  btrfsCollector,
  conntrackCollector,
  cpuCollector,
  cpufreqCollector,
  diskstatsCollector,
  dmiCollector,
  edacCollector,
  entropyCollector,
  fibreChannelCollector,
  filefdCollector,
  filesystemCollector,
  hwmonCollector,
  infinibandCollector,
  ipvsCollector,
  loadavgCollector,
  mdadmCollector,
  meminfoCollector,
  netclassCollector,
  netdevCollector,
  netstatCollector,
  nfsCollector,
  nfsdCollector,
  nvmeCollector,
  osCollector,
  powerSupplyClassCollector,
  pressureCollector,
  raplCollector,
  schedstatCollector,
  selinuxCollector,
  sockstatCollector,
  softnetCollector,
  statCollector,
  systemdCollector,
  tapestatsCollector,
  textfileCollector,
  thermalZoneCollector,
  timeCollector,
  timexCollector,
  udpQueuesCollector,
  unameCollector,
  vmstatCollector,
  watchdogCollector,
  xfsCollector,
  zfsCollector,
  runtimeCollector,
];
