// /sys/devices/system/edac/mc/mcN (Documentation/admin-guide/ras.rst): corrected (ce) and
// uncorrected (ue) memory error counts per controller and per chip-select row. The errors
// the controller could not place on a row (*_noinfo_count) are served as csrow "unknown".
import { counter, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir } from './read.js';
import { numbered, readRequiredInteger } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

export interface EdacController {
  controller: string;
  ce: number;
  ceNoinfo: number;
  ue: number;
  ueNoinfo: number;
  csrows: { csrow: string; ce: number; ue: number }[];
}

/** Every count a controller shows is required: a missing or garbled one fails the collector. */
export function readEdac(root: string): EdacController[] {
  return numbered(listDir(root), 'mc').map(({ entry, number }) => {
    const dir = `${root}/${entry}`;
    const read = (file: string) => readRequiredInteger(`${dir}/${file}`, `edac ${entry}/${file}`);
    return {
      controller: number,
      ce: read('ce_count'),
      ceNoinfo: read('ce_noinfo_count'),
      ue: read('ue_count'),
      ueNoinfo: read('ue_noinfo_count'),
      csrows: numbered(listDir(dir), 'csrow').map((row) => ({
        csrow: row.number,
        ce: read(`${row.entry}/ce_count`),
        ue: read(`${row.entry}/ue_count`),
      })),
    };
  });
}

export function edacFamilies(controllers: EdacController[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (controllers.length === 0) return [];
  const rows = (pick: 'ce' | 'ue', noinfo: 'ceNoinfo' | 'ueNoinfo') =>
    controllers.flatMap((c) => [
      { labels: { controller: c.controller, csrow: 'unknown' }, value: c[noinfo] },
      ...c.csrows.map((r) => ({ labels: { controller: c.controller, csrow: r.csrow }, value: r[pick] })),
    ]);
  return [
    counter(
      'node_edac_correctable_errors_total',
      'Total correctable memory errors.',
      controllers.map((c) => ({ labels: { controller: c.controller }, value: c.ce })),
    ),
    counter('node_edac_csrow_correctable_errors_total', 'Total correctable memory errors for this csrow.', rows('ce', 'ceNoinfo')),
    counter('node_edac_csrow_uncorrectable_errors_total', 'Total uncorrectable memory errors for this csrow.', rows('ue', 'ueNoinfo')),
    counter(
      'node_edac_uncorrectable_errors_total',
      'Total uncorrectable memory errors.',
      controllers.map((c) => ({ labels: { controller: c.controller }, value: c.ue })),
    ),
  ];
}

export const edacCollector: CollectorDefinition = {
  name: 'edac',
  defaultEnabled: true,
  description: 'ECC memory error counts per memory controller from /sys/devices/system/edac',
  create: ({ paths }) => ({ name: 'edac', collect: () => edacFamilies(readEdac(sysPath(paths, 'devices', 'system', 'edac', 'mc'))) }),
};
