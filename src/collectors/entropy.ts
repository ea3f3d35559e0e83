// node_exporter's entropy collector: the kernel's available entropy and pool size.
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readText } from './read.js';
import type { CollectorDefinition } from './types.js';

function whole(text: string, what: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`unexpected ${what} content: ${JSON.stringify(text.slice(0, 40))}`);
  return n;
}

export function entropyFamilies(available: string, poolSize: string): MetricFamily[] {
  return [
    gauge('node_entropy_available_bits', 'Bits of available entropy.', [{ value: whole(available, 'entropy_avail') }]),
    gauge('node_entropy_pool_size_bits', 'Bits of entropy pool.', [{ value: whole(poolSize, 'poolsize') }]),
  ];
}

export const entropyCollector: CollectorDefinition = {
  name: 'entropy',
  defaultEnabled: true,
  description: 'Available entropy and pool size from /proc/sys/kernel/random',
  create: ({ paths }) => ({
    name: 'entropy',
    collect: () =>
      entropyFamilies(
        readText(procPath(paths, 'sys', 'kernel', 'random', 'entropy_avail')),
        readText(procPath(paths, 'sys', 'kernel', 'random', 'poolsize')),
      ),
  }),
};
