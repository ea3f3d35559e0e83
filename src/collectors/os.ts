// node_exporter's os collector: node_os_info and node_os_version from os-release under the rootfs.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { rootPath } from './paths.js';
import { readParsed } from './read.js';
import type { CollectorDefinition } from './types.js';

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    let v = line.slice(eq + 1);
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) {
      v = v.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    }
    out[line.slice(0, eq)] = v;
  }
  return out;
}

const INFO_FIELDS: [string, string][] = [
  ['build_id', 'BUILD_ID'],
  ['id', 'ID'],
  ['id_like', 'ID_LIKE'],
  ['image_id', 'IMAGE_ID'],
  ['image_version', 'IMAGE_VERSION'],
  ['name', 'NAME'],
  ['pretty_name', 'PRETTY_NAME'],
  ['variant', 'VARIANT'],
  ['variant_id', 'VARIANT_ID'],
  ['version', 'VERSION'],
  ['version_codename', 'VERSION_CODENAME'],
  ['version_id', 'VERSION_ID'],
];

export function osFamilies(r: Record<string, string>): MetricFamily[] {
  const labels: Record<string, string> = {};
  for (const [label, key] of INFO_FIELDS) labels[label] = r[key] ?? '';
  const fams = [
    gauge(
      'node_os_info',
      "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
      [{ labels, value: 1 }],
    ),
  ];
  // node_exporter reports VERSION_ID as a number when its leading part parses as one.
  const m = /^\d+(\.\d+)?/.exec(r['VERSION_ID'] ?? '');
  if (m) {
    fams.push(
      gauge('node_os_version', 'Metric containing the major.minor part of the OS version.', [
        {
          labels: { id: r['ID'] ?? '', id_like: r['ID_LIKE'] ?? '', name: r['NAME'] ?? '' },
          value: Number(m[0]),
        },
      ]),
    );
  }
  return fams;
}

// os-release is UTF-8 (PRETTY_NAME may not be ASCII); it changes with an upgrade, so it is
// parsed again only when the file did.
const families = (file: Buffer) => osFamilies(parseOsRelease(file.toString('utf8')));

export const osCollector: CollectorDefinition = {
  name: 'os',
  defaultEnabled: true,
  description: 'Operating system release from /etc/os-release',
  create: ({ paths }) => ({
    name: 'os',
    collect: () => {
      const found = readParsed(rootPath(paths, 'etc/os-release'), families) ?? readParsed(rootPath(paths, 'usr/lib/os-release'), families);
      if (found === undefined) throw new Error('neither /etc/os-release nor /usr/lib/os-release exists');
      return found;
    },
  }),
};
