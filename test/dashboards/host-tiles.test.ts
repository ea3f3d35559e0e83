import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PSEUDO_FS_TYPES } from '../../src/collectors/fs-types.js';
import { DEFAULT_FS_TYPES_EXCLUDE } from '../../src/collectors/filesystem.js';
import { renderDashboards } from '../../src/dashboards/emit.js';
import { input } from './fixture.js';

// The host overview's tiles are coloured by the host alerts' levels, so each must query the
// value those alerts compare. Expectations written from what the shipped rules mean.
interface Panel {
  type: string;
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
const host = JSON.parse(renderDashboards(input).get('grafana/dashboards/host.json')!) as { panels: Panel[] };
const panels = host.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const exprOf = (title: string, type: string) => panels.find((p) => p.title === title && p.type === type)!.targets![0]!.expr!;

/** The fstype values an expression's `fstype!~"..."` matchers leave out (every matcher the same). */
function excludedFsTypes(expr: string): string[] {
  const lists = [...expr.matchAll(/fstype!~"([^"]*)"/g)].map((m) => m[1]!);
  expect(lists.length).toBeGreaterThan(0);
  expect(new Set(lists).size).toBe(1);
  return lists[0]!.split('|').sort();
}

describe('host overview tiles', () => {
  it('CPU busy counts iowait and steal as not busy, as HostCpuHigh does', () => {
    for (const type of ['stat', 'timeseries']) {
      const expr = exprOf('CPU busy', type);
      expect(expr).toContain('mode!~"idle|iowait|steal"');
      expect(expr).not.toMatch(/1 - avg by \(instance\) \(rate\(node_cpu_seconds_total\{[^}]*mode="idle"/);
    }
    // The shipped alert the tile is coloured by.
    const rules = readFileSync('prometheus/rules/host.rules.yml', 'utf8');
    const cpuRule = rules.split('- alert: ').find((r) => r.startsWith('HostCpuHigh'))!;
    expect(cpuRule).toContain('mode!~"idle|iowait|steal"');
  });

  it('disk panels, the disk alerts and the collector agree on which filesystems are not disks', () => {
    const rootTile = excludedFsTypes(exprOf('Root filesystem used', 'stat'));
    const fsPanel = excludedFsTypes(exprOf('Filesystem space used', 'timeseries'));
    const rules = readFileSync('prometheus/rules/host.rules.yml', 'utf8');
    const diskRule = rules.split('- alert: ').find((r) => r.includes('node_filesystem_avail_bytes{fstype'))!;
    const alert = excludedFsTypes(diskRule);
    expect(fsPanel).toEqual(alert);
    expect(rootTile).toEqual(alert);
    // Memory-backed and every pseudo filesystem the collector drops by default.
    for (const t of ['tmpfs', 'ramfs', 'devtmpfs', 'proc', 'sysfs', 'overlay', 'squashfs']) expect(alert).toContain(t);
    for (const t of PSEUDO_FS_TYPES) {
      expect(new RegExp(DEFAULT_FS_TYPES_EXCLUDE).test(t)).toBe(true);
      expect(alert).toContain(t);
    }
    expect(new RegExp(DEFAULT_FS_TYPES_EXCLUDE).test('ext4')).toBe(false);
    expect(new RegExp(DEFAULT_FS_TYPES_EXCLUDE).test('tmpfs')).toBe(false);
  });
});
