import { fileURLToPath } from 'node:url';
import type { HostPaths } from '../../src/collectors/paths.js';
import type { CollectContext } from '../../src/collectors/types.js';
import type { MetricFamily } from '../../src/metrics/model.js';

export const FIXTURE_PATHS: HostPaths = {
  procfs: fileURLToPath(new URL('../fixtures/host/proc', import.meta.url)),
  sysfs: fileURLToPath(new URL('../fixtures/host/sys', import.meta.url)),
  rootfs: fileURLToPath(new URL('../fixtures/host/root', import.meta.url)),
};

export function ctx(paths: HostPaths = FIXTURE_PATHS, budgetMs = 5000): CollectContext {
  return { paths, signal: new AbortController().signal, deadline: Date.now() + budgetMs };
}

/** "name{a="1",b="2"}" → value, for compact assertions. */
export function flatten(families: MetricFamily[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of families) {
    for (const s of f.samples) {
      const labels = s.labels
        ? Object.entries(s.labels)
            .map(([k, v]) => `${k}="${v}"`)
            .join(',')
        : '';
      out.set(`${f.name}${s.suffix ?? ''}${labels ? `{${labels}}` : ''}`, s.value);
    }
  }
  return out;
}
