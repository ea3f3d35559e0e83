// node_exporter's filefd collector: file handles allocated on the whole host against fs.file-max.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

/** /proc/sys/fs/file-nr: allocated, allocated-but-unused (always 0 since 2.6), maximum. */
export function parseFileNr(text: string): { allocated: number; maximum: number } {
  const [allocated, , maximum] = text.trim().split(/\s+/).map(Number);
  if (!Number.isFinite(allocated) || !Number.isFinite(maximum))
    throw new Error(`unexpected file-nr content: ${JSON.stringify(text.slice(0, 60))}`);
  return { allocated: allocated!, maximum: maximum! };
}

export function filefdFamilies(f: { allocated: number; maximum: number }): MetricFamily[] {
  return [
    gauge('node_filefd_allocated', 'File descriptor statistics: allocated.', [{ value: f.allocated }]),
    gauge('node_filefd_maximum', 'File descriptor statistics: maximum.', [{ value: f.maximum }]),
  ];
}

export const filefdCollector: CollectorDefinition = {
  name: 'filefd',
  defaultEnabled: true,
  description: 'Open file handles of the whole system from /proc/sys/fs/file-nr',
  create: ({ paths }) => ({
    name: 'filefd',
    collect: () => filefdFamilies(parseFileNr(readText(procPath(paths, 'sys', 'fs', 'file-nr')))),
  }),
};
