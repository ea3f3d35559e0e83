// vigil.yml's types are read off its JSON Schema (config/types.ts, config/schema.ts). These
// lines say by hand what the schema means for the parts the exporter reads; when the types and
// the schema disagree, `tsc -p tsconfig.test.json` fails.
import { describe, expect, it } from 'vitest';
import type { HostPaths } from '../../src/collectors/paths.js';
import { parseConfig } from '../../src/config/load.js';
import type { CollectorSetting, Limits, VigilConfig } from '../../src/config/types.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): boolean => proof;

describe('the config types', () => {
  it('are what the schema says, every key given once the defaults are merged', () => {
    // The collectors' own view of the three roots is the config's.
    expect(same<VigilConfig['paths'], HostPaths>(true)).toBe(true);
    expect(same<VigilConfig['scrape'], { default_timeout_seconds: number; timeout_offset_seconds: number }>(true)).toBe(true);
    expect(same<Limits, { max_requests: number; max_series: number; max_label_value_length: number; header_timeout_seconds: number; request_timeout_seconds: number }>(true)).toBe(true);
    expect(same<CollectorSetting, boolean | { enabled?: boolean; [key: string]: unknown }>(true)).toBe(true);
  });

  it('merge what a file gives over the defaults', () => {
    const c = parseConfig('limits:\n  max_series: 5\npaths:\n  procfs: /host/proc\ncollectors:\n  cpu: false\n', 'vigil.yml');
    expect(c.limits).toEqual({ max_requests: 40, max_series: 5, max_label_value_length: 4096, header_timeout_seconds: 10, request_timeout_seconds: 120 });
    expect(c.paths).toEqual({ procfs: '/host/proc', sysfs: '/sys', rootfs: '/' });
    expect(c.collectors['cpu']).toBe(false);
  });
});
