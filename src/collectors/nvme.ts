// /sys/class/nvme/nvmeN: one directory per NVMe controller, with its firmware revision,
// model, serial number and state ("live", "resetting", "dead", ...).
import { gauge, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface NvmeController {
  device: string;
  firmware_revision: string;
  model: string;
  serial: string;
  state: string;
}

export function readNvme(root: string): NvmeController[] {
  return listDir(root)
    .sort()
    .map((device) => {
      // An attribute an older kernel does not have (state came in 4.15) is an empty label.
      const read = (file: string) => readTrimmed(`${root}/${device}/${file}`) ?? '';
      return { device, firmware_revision: read('firmware_rev'), model: read('model'), serial: read('serial'), state: read('state') };
    });
}

export function nvmeFamilies(controllers: NvmeController[]): MetricFamily[] {
  return [
    gauge(
      'node_nvme_info',
      'Non-numeric data from /sys/class/nvme/<device>, value is always 1.',
      controllers.map((c) => ({
        labels: { device: c.device, firmware_revision: c.firmware_revision, model: c.model, serial: c.serial, state: c.state },
        value: 1,
      })),
    ),
  ];
}

export const nvmeCollector: CollectorDefinition = {
  name: 'nvme',
  defaultEnabled: true,
  description: 'NVMe controllers from /sys/class/nvme (model, serial, firmware, state)',
  create: ({ paths }) => ({ name: 'nvme', collect: () => nvmeFamilies(readNvme(sysPath(paths, 'class', 'nvme'))) }),
};
