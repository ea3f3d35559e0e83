// vigil.yml's types are read off its JSON Schema (config/types.ts, config/schema.ts). These
// lines say by hand what the schema means for the parts the exporter reads; when the types and
// the schema disagree, `tsc -p tsconfig.test.json` fails.
import { describe, expect, it } from 'vitest';
import type { HostPaths } from '../../src/collectors/paths.js';
import { parseConfig } from '../../src/config/load.js';
import type { CollectorSetting, Limits, VigilConfig } from '../../src/config/types.js';
import { parseWebConfig } from '../../src/web/load.js';
import type { WebConfig } from '../../src/web/schema.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): boolean => proof;

describe('the config types', () => {
  it('are what the schema says, every key given once the defaults are merged', () => {
    // The collectors' own view of the three roots is the config's.
    expect(same<VigilConfig['paths'], HostPaths>(true)).toBe(true);
    expect(same<VigilConfig['scrape'], { default_timeout_seconds: number; timeout_offset_seconds: number }>(true)).toBe(true);
    expect(
      same<
        Limits,
        {
          max_requests: number;
          max_series: number;
          max_label_value_length: number;
          header_timeout_seconds: number;
          request_timeout_seconds: number;
        }
      >(true),
    ).toBe(true);
    expect(same<CollectorSetting, boolean | { enabled?: boolean; [key: string]: unknown }>(true)).toBe(true);
  });

  it('of the web config are what its schema says', () => {
    type Tls = NonNullable<WebConfig['tls_server_config']>;
    expect(same<Tls['min_version'], 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13' | undefined>(true)).toBe(true);
    expect(same<Tls['client_allowed_sans'], string[] | undefined>(true)).toBe(true);
    // Which header names are allowed is the validator's to say; the type says each is a string.
    expect(same<NonNullable<WebConfig['http_server_config']>['headers'], { [name: string]: string } | undefined>(true)).toBe(true);
    expect(same<WebConfig['basic_auth_users'], { [user: string]: string } | undefined>(true)).toBe(true);
    const web = parseWebConfig('http_server_config:\n  headers:\n    X-Frame-Options: deny\n', 'web.yml');
    expect(web.config.http_server_config?.headers).toEqual({ 'X-Frame-Options': 'deny' });
  });

  it('merge what a file gives over the defaults', () => {
    const c = parseConfig('limits:\n  max_series: 5\npaths:\n  procfs: /host/proc\ncollectors:\n  cpu: false\n', 'vigil.yml');
    expect(c.limits).toEqual({
      max_requests: 40,
      max_series: 5,
      max_label_value_length: 4096,
      header_timeout_seconds: 10,
      request_timeout_seconds: 120,
    });
    expect(c.paths).toEqual({ procfs: '/host/proc', sysfs: '/sys', rootfs: '/' });
    expect(c.collectors['cpu']).toBe(false);
  });
});
