// Linux bonding (Documentation/networking/bonding.rst): /sys/class/net/bonding_masters names
// the bonds, <bond>/bonding/slaves their members, and each member's bonding_slave/mii_status
// says whether its link is "up". The member's directory under the bond is lower_<slave> on
// current kernels, slave_<slave> on those before 4.9.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { readOptional, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface Bond {
  master: string;
  slaves: number;
  active: number;
}

export function readBonds(netRoot: string, masters: string): Bond[] {
  return masters
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((master) => {
      const slaves = readTrimmed(`${netRoot}/${master}/bonding/slaves`);
      if (slaves === undefined) throw new Error(`bond ${master} is named in bonding_masters but has no bonding/slaves`);
      let active = 0;
      const names = slaves.split(/\s+/).filter(Boolean);
      for (const slave of names) {
        const state =
          readTrimmed(`${netRoot}/${master}/lower_${slave}/bonding_slave/mii_status`) ??
          readTrimmed(`${netRoot}/${master}/slave_${slave}/bonding_slave/mii_status`);
        if (state === undefined) throw new Error(`bond ${master}: member ${slave} has no bonding_slave/mii_status`);
        if (state === 'up') active++;
      }
      return { master, slaves: names.length, active };
    });
}

export function bondingFamilies(bonds: Bond[]): MetricFamily[] {
  const sorted = [...bonds].sort((a, b) => (a.master < b.master ? -1 : 1));
  return [
    gauge(
      'node_bonding_active',
      'Number of active slaves per bonding interface.',
      sorted.map((b) => ({ labels: { master: b.master }, value: b.active })),
    ),
    gauge(
      'node_bonding_slaves',
      'Number of configured slaves per bonding interface.',
      sorted.map((b) => ({ labels: { master: b.master }, value: b.slaves })),
    ),
  ];
}

export const bondingCollector: CollectorDefinition = {
  name: 'bonding',
  defaultEnabled: true,
  description: 'Configured and active members of each bonded interface (where the bonding driver is loaded)',
  create: ({ paths }) => ({
    name: 'bonding',
    collect: () => {
      const root = sysPath(paths, 'class', 'net');
      const masters = readOptional(`${root}/bonding_masters`);
      return masters === undefined ? [] : bondingFamilies(readBonds(root, masters));
    },
  }),
};
