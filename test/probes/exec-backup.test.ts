// The shipped backup check (deploy/checks/backup-fresh.sh) run by the exec probe, on real
// directories whose files' ages are set by hand.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toFamilies } from '../../src/probes/metrics.js';
import { run } from './support.js';

const SCRIPT = fileURLToPath(new URL('../../deploy/checks/backup-fresh.sh', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigil-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const now = Math.floor(Date.now() / 1000);
function backupDir(name: string, ages: number[]): string {
  const d = join(root, name);
  mkdirSync(d);
  ages.forEach((age, i) => {
    const f = join(d, `dump-${i}.sql.gz`);
    writeFileSync(f, 'x');
    utimesSync(f, now - age, now - age);
  });
  return d;
}
const check = (dir: string, maxAge: number) =>
  run({ kind: 'exec', metrics: true, timeout: '20s', command: [SCRIPT, dir, String(maxAge)] }, 25_000);
const series = (o: Awaited<ReturnType<typeof check>>, name: string) => toFamilies([o.metrics]).find((f) => f.name === name)?.samples;

describe('backup-fresh.sh as an exec probe', () => {
  it('succeeds when the newest backup is younger than the maximum age, and reports its time', async () => {
    const d = backupDir('fresh', [100_000, 3600, 50_000]);
    const o = await check(d, 26 * 3600);
    expect([o.success, o.reason]).toEqual([1, undefined]);
    expect(series(o, 'backup_newest_file_timestamp_seconds')).toEqual([
      { labels: { directory: d, probe: 'p', kind: 'exec' }, value: now - 3600 },
    ]);
    expect(series(o, 'backup_files')?.[0]?.value).toBe(3);
  });

  it('fails with exit_code 1 when the newest backup is older, still reporting its time', async () => {
    const d = backupDir('stale', [30 * 3600, 27 * 3600]);
    const o = await check(d, 26 * 3600);
    expect([o.success, o.reason, o.value('vigil_probe_exec_exit_code')]).toEqual([0, 'exit_code', 1]);
    expect(series(o, 'backup_newest_file_timestamp_seconds')?.[0]?.value).toBe(now - 27 * 3600);
  });

  it('fails with exit code 2 on an empty directory, with backup_files 0', async () => {
    const o = await check(backupDir('empty', []), 3600);
    expect([o.success, o.value('vigil_probe_exec_exit_code')]).toEqual([0, 2]);
    expect(series(o, 'backup_files')?.[0]?.value).toBe(0);
  });

  it('keeps a directory name with quotes and backslashes intact in its label', async () => {
    const d = backupDir('odd "name" \\ here', [60]);
    const o = await check(d, 3600);
    expect(o.success).toBe(1);
    expect(series(o, 'backup_files')?.[0]?.labels?.['directory']).toBe(d);
  });
});
