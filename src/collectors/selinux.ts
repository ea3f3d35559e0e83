// node_exporter's selinux collector: whether SELinux is on, its current mode and the mode set for boot.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { rootPath, sysPath } from './paths.js';
import { readOptional, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

const MODES: Record<string, number> = { enforcing: 1, permissive: 0, disabled: -1 };

/**
 * enforce: /sys/fs/selinux/enforce ("1" enforcing, "0" permissive), undefined where selinuxfs
 * is not mounted (SELinux off); config: /etc/selinux/config, for the mode set to apply at boot.
 */
export function selinuxFamilies(enforce: string | undefined, config: string | undefined): MetricFamily[] {
  if (enforce === undefined) return [gauge('node_selinux_enabled', 'SELinux is enabled, 1 is true, 0 is false', [{ value: 0 }])];
  const mode = /^\s*SELINUX\s*=\s*(\w+)/m.exec(config ?? '')?.[1]?.toLowerCase();
  const fams = [
    gauge('node_selinux_current_mode', 'SELinux is enforcing, 1 is true, 0 is false', [{ value: enforce === '1' ? 1 : 0 }]),
    gauge('node_selinux_enabled', 'SELinux is enabled, 1 is true, 0 is false', [{ value: 1 }]),
  ];
  if (mode !== undefined && mode in MODES) {
    fams.unshift(gauge('node_selinux_config_mode', 'Configured SELinux enforcement mode', [{ value: MODES[mode]! }]));
  }
  return fams;
}

export const selinuxCollector: CollectorDefinition = {
  name: 'selinux',
  defaultEnabled: true,
  description: 'Whether SELinux is enabled, and its configured and current modes',
  create: ({ paths }) => ({
    name: 'selinux',
    collect: () =>
      selinuxFamilies(readTrimmed(sysPath(paths, 'fs', 'selinux', 'enforce')), readOptional(rootPath(paths, 'etc', 'selinux', 'config'))),
  }),
};
