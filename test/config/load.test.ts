import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromArgs } from '../../src/cli/serve.js';
import { loadConfigFile, parseConfig } from '../../src/config/load.js';
import { configErrors } from '../support/config-errors.js';

const errors = configErrors;

describe('config loading', () => {
  it('accepts a full, valid file and merges it over the defaults', () => {
    const c = parseConfig(
      [
        'listen: "127.0.0.1:9999"',
        'paths: {procfs: /host/proc}',
        'collectors:',
        '  hwmon: false',
        '  filesystem: {mount_points_exclude: "^/boot"}',
        'scrape: {timeout_offset_seconds: 0.25}',
      ].join('\n'),
      'vigil.yml',
    );
    expect(c.listen).toBe('127.0.0.1:9999');
    expect(c.paths).toEqual({ procfs: '/host/proc', sysfs: '/sys', rootfs: '/' });
    expect(c.scrape).toEqual({ default_timeout_seconds: 10, timeout_offset_seconds: 0.25 });
    expect(c.collectors['hwmon']).toBe(false);
  });

  it('treats an empty file as the built-in defaults', () => {
    expect(parseConfig('# nothing yet\n', 'vigil.yml').listen).toBe('0.0.0.0:9469');
  });

  it('points at an unknown key and suggests the close one', () => {
    const [d, ...rest] = errors('collectors:\n  filesytem: true\n');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'config-schema', file: 'vigil.yml', line: 2, column: 3 });
    expect(d!.message).toContain('unknown field "filesytem"');
    expect(d!.hint).toContain('did you mean "filesystem"?');
  });

  it('says what type was expected and where', () => {
    const [d] = errors('scrape:\n  default_timeout_seconds: "ten"\n');
    expect(d).toMatchObject({ line: 2, column: 28 });
    expect(d!.message).toMatch(/must be number, got string "ten"/);
  });

  it('rejects a listen address that is not HOST:PORT', () => {
    const [d] = errors('listen: localhost\n');
    expect(d).toMatchObject({ line: 1, column: 9 });
  });

  it('reports a regex that does not compile with its position', () => {
    const [d] = errors('collectors:\n  netdev:\n    device_exclude: "^(eth"\n');
    expect(d).toMatchObject({ code: 'config-bad-regex', line: 3, column: 21 });
  });

  it('refuses a lookahead in a collector regex: RE2 syntax, pointing at the construct', () => {
    const [d, ...rest] = errors("collectors:\n  filesystem:\n    mount_points_exclude: '^/(?!home)'\n");
    expect(rest).toEqual([]);
    // The value starts at column 27 (its quote); `(?!` is the third character of the pattern.
    expect(d).toMatchObject({ code: 'config-bad-regex', line: 3, column: 30 });
    expect(d!.message).toContain('not an RE2 regular expression');
    expect(d!.hint).toMatch(/no lookahead or lookbehind/);
  });

  it('refuses a backreference in a device filter, saying RE2 has none', () => {
    const [d] = errors('collectors:\n  diskstats:\n    device_exclude: (sd)\\1\n');
    expect(d).toMatchObject({ code: 'config-bad-regex', line: 3, column: 25 });
    expect(d!.hint).toMatch(/no backreferences/);
  });

  it('refuses a systemd unit filter that is not RE2, at its position', () => {
    const [d, ...rest] = errors("collectors:\n  systemd:\n    unit_exclude: '(?<!x)\\.scope'\n");
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'config-bad-regex', line: 3, column: 19 }); // the value, quote included: RE2 blames the whole pattern
    expect(d!.message).toContain('collectors.systemd.unit_exclude');
  });

  it('rejects include and exclude together, as node_exporter does', () => {
    const [d] = errors('collectors:\n  diskstats: {device_include: sda, device_exclude: sdb}\n');
    expect(d).toMatchObject({ code: 'config-conflict', line: 2 });
  });

  it('reports all errors of a file at once', () => {
    expect(errors('listen: 5\ncollectors: {cpu: maybe}\nbogus: 1\n').length).toBeGreaterThanOrEqual(3);
  });

  it('reports YAML syntax errors with position', () => {
    const [d] = errors('collectors:\n  cpu: [true\n');
    expect(d!.code).toBe('yaml-syntax');
    expect(d!.line).toBeGreaterThanOrEqual(2);
  });

  it('says so when the file cannot be read', () => {
    expect(() => loadConfigFile('/nonexistent/vigil.yml')).toThrow(/cannot read config file/);
  });
});

describe('command-line flags over the config file', () => {
  it('lets flags win and toggles collectors like node_exporter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-cfg-'));
    const file = join(dir, 'vigil.yml');
    writeFileSync(file, 'listen: "127.0.0.1:1"\ncollectors: {cpu: false, filesystem: {mount_points_exclude: "^/x"}}\n');
    const c = await configFromArgs([
      '--config',
      file,
      '--listen',
      '127.0.0.1:2',
      '--collector.cpu',
      '--no-collector.filesystem',
      '--path.sysfs=/s',
    ]);
    expect(c.listen).toBe('127.0.0.1:2');
    expect(c.collectors['cpu']).toBe(true);
    expect(c.collectors['filesystem']).toEqual({ mount_points_exclude: '^/x', enabled: false });
    expect(c.paths.sysfs).toBe('/s');
  });

  it('disables every collector but the named ones with --collector.disable-defaults', async () => {
    const c = await configFromArgs(['--collector.disable-defaults', '--collector.meminfo']);
    expect(c.collectors['meminfo']).toBe(true);
    expect(c.collectors['cpu']).toBe(false);
  });

  it('refuses unknown collectors and flags', async () => {
    await expect(configFromArgs(['--collector.bogus'])).rejects.toThrow(/unknown collector "bogus"/);
    await expect(configFromArgs(['--frobnicate'])).rejects.toThrow(/unknown flag --frobnicate/);
  });
});
