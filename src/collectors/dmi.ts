// /sys/class/dmi/id: the firmware's description of the machine (SMBIOS): BIOS, board, chassis
// and product. node_exporter's node_dmi_info has a label per attribute the host shows, so a
// machine without a board serial has no board_serial label. The serials and product_uuid are
// readable by root only; for anyone else they are left out, as node_exporter does.
import { lstatSync } from 'node:fs';
import { gauge, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import type { CollectorDefinition } from './types.js';

/** Attribute file → label. */
const LABELS: Record<string, string> = {
  bios_date: 'bios_date',
  bios_release: 'bios_release',
  bios_vendor: 'bios_vendor',
  bios_version: 'bios_version',
  board_asset_tag: 'board_asset_tag',
  board_name: 'board_name',
  board_serial: 'board_serial',
  board_vendor: 'board_vendor',
  board_version: 'board_version',
  chassis_asset_tag: 'chassis_asset_tag',
  chassis_serial: 'chassis_serial',
  chassis_vendor: 'chassis_vendor',
  chassis_version: 'chassis_version',
  product_family: 'product_family',
  product_name: 'product_name',
  product_serial: 'product_serial',
  product_sku: 'product_sku',
  product_uuid: 'product_uuid',
  product_version: 'product_version',
  sys_vendor: 'system_vendor',
};

/** Label → value for each attribute the directory holds as a regular file and that could be read. */
export function readDmi(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of listDir(dir).sort()) {
    const label = LABELS[file];
    if (!label || !lstatSync(`${dir}/${file}`, { throwIfNoEntry: false })?.isFile()) continue;
    let value: string | undefined;
    try {
      // Not kept open: read once per process.
      value = readTrimmed(`${dir}/${file}`, false);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') continue;
      throw err;
    }
    if (value !== undefined) out[label] = value;
  }
  return out;
}

export function dmiFamilies(labels: Record<string, string>): MetricFamily[] {
  return [
    gauge(
      'node_dmi_info',
      "A metric with a constant '1' value labeled by bios_date, bios_release, bios_vendor, bios_version, board_asset_tag, board_name, board_serial, board_vendor, board_version, chassis_asset_tag, chassis_serial, chassis_vendor, chassis_version, product_family, product_name, product_serial, product_sku, product_uuid, product_version, system_vendor if provided by DMI.",
      Object.keys(labels).length ? [{ labels, value: 1 }] : [],
    ),
  ];
}

export const dmiCollector: CollectorDefinition = {
  name: 'dmi',
  defaultEnabled: true,
  description: "The machine's BIOS, board, chassis and product from /sys/class/dmi/id (where the firmware provides SMBIOS)",
  create: ({ paths }) => {
    // The firmware's description does not change while the machine runs: read it once, as
    // node_exporter does (a failed read is tried again at the next scrape).
    let families: MetricFamily[] | undefined;
    return { name: 'dmi', collect: () => (families ??= dmiFamilies(readDmi(sysPath(paths, 'class', 'dmi', 'id')))) };
  },
};
