// node_exporter's uname collector: node_uname_info, read from /proc/sys/kernel rather than the
// uname(2) call so that a fixture procfs decides it too.
import { machine } from 'node:os';
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
  nodename: string;
  domainname: string;
}

// The uname(2) fields, read from /proc/sys/kernel so a fixture procfs controls them too.
export function readUname(procfs: string): Uname {
  const k = (f: string) => readTrimmed(`${procfs}/sys/kernel/${f}`);
  return {
    sysname: k('ostype') ?? 'Linux',
    release: k('osrelease') ?? '',
    version: k('version') ?? '',
    machine: k('arch') ?? machine(),
    nodename: k('hostname') ?? '',
    domainname: k('domainname') ?? '',
  };
}

export function unameFamilies(u: Uname): MetricFamily[] {
  return [
    gauge('node_uname_info', 'Labeled system information as provided by the uname system call.', [
      {
        labels: {
          domainname: u.domainname,
          machine: u.machine,
          nodename: u.nodename,
          release: u.release,
          sysname: u.sysname,
          version: u.version,
        },
        value: 1,
      },
    ]),
  ];
}

export const unameCollector: CollectorDefinition = {
  name: 'uname',
  defaultEnabled: true,
  description: 'Kernel name, release, version, machine and host name',
  create: ({ paths }) => {
    // The kernel's name, release, version and architecture cannot change without a reboot
    // (which restarts vigil); the host and domain names can, so those are read every time.
    let fixed: Uname | undefined;
    return {
      name: 'uname',
      collect: () => {
        const procfs = procPath(paths);
        fixed ??= readUname(procfs);
        const k = (f: string) => readTrimmed(`${procfs}/sys/kernel/${f}`);
        return unameFamilies({ ...fixed, nodename: k('hostname') ?? '', domainname: k('domainname') ?? '' });
      },
    };
  },
};
