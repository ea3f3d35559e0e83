import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Every read of a file goes through this spy, so the test sees how often a load opens the
// secret and the PEM file a probe names.
const reads = vi.hoisted(() => new Map<string, number>());
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (typeof path === 'string') reads.set(path, (reads.get(path) ?? 0) + 1);
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync, default: { ...fs, readFileSync } };
});

const { loadConfigFile } = await import('../../src/config/load.js');
const { buildCollectors } = await import('../../src/exporter/build.js');

const dir = mkdtempSync(join(tmpdir(), 'vigil-parse-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a config load', () => {
  it("reads a probe's secret file and PEM file once, from the check to the running collector", async () => {
    const secret = join(dir, 'password');
    const ca = join(dir, 'ca.pem');
    const config = join(dir, 'vigil.yml');
    writeFileSync(secret, 's3cret\n');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(
      config,
      [
        'probes:',
        '  - name: api',
        '    kind: http',
        '    url: https://127.0.0.1:1/health',
        '    basic_auth: {username: monitor, password_file: ' + JSON.stringify(secret) + '}',
        '    tls: {ca_file: ' + JSON.stringify(ca) + '}',
      ].join('\n'),
    );
    reads.clear();
    const loaded = loadConfigFile(config);
    const collectors = await buildCollectors(loaded, 'linux');
    try {
      expect(collectors.filter((c) => c.name === 'probes')).toHaveLength(1);
      expect(reads.get(config)).toBe(1);
      expect(reads.get(secret)).toBe(1);
      expect(reads.get(ca)).toBe(1);
    } finally {
      await Promise.all(collectors.map((c) => c.close?.()));
    }
  });

  it('parses again, and reads again, on the next load (a reload sees a rotated secret)', async () => {
    const secret = join(dir, 'password');
    const config = join(dir, 'vigil.yml');
    reads.clear();
    for (let i = 0; i < 2; i++) {
      const collectors = await buildCollectors(loadConfigFile(config), 'linux');
      await Promise.all(collectors.map((c) => c.close?.()));
    }
    expect(reads.get(secret)).toBe(2);
  });

  it('parses a probe list swapped in after the load instead of using the stale parsed one', async () => {
    const loaded = loadConfigFile(join(dir, 'vigil.yml'));
    loaded.probes = [{ name: 'second', kind: 'tcp', host: '127.0.0.1', port: 1 }];
    const collectors = await buildCollectors(loaded, 'linux');
    try {
      const probes = collectors.find((c) => c.name === 'probes') as unknown as { probes: readonly { name: string }[] };
      expect(probes.probes.map((p) => p.name)).toEqual(['second']);
    } finally {
      await Promise.all(collectors.map((c) => c.close?.()));
    }
    loaded.probes = [{ name: 'bad', kind: 'http', url: 'https://127.0.0.1:1/', timeout: 'soon' }];
    await expect(buildCollectors(loaded, 'linux')).rejects.toThrow(/probes\[0\]\.timeout/);
  });
});
