import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { textfileCollector } from '../../src/collectors/textfile.js';
import { ctx, flatten } from '../support/host-fixture.js';

// The shipped cron wrapper (examples/batch/record-job.sh) and the textfile collector together:
// a job that succeeds, then fails, is served with its last success time kept.
const SCRIPT = fileURLToPath(new URL('../../examples/batch/record-job.sh', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const runJob = (dir: string, ...cmd: string[]) =>
  spawnSync('sh', [SCRIPT, 'backup', ...cmd], { env: { ...process.env, TEXTFILE_DIR: dir }, encoding: 'utf8' });
const served = async (dir: string) =>
  flatten(
    await textfileCollector
      .create({ options: { directory: dir }, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' })
      .collect(ctx()),
  );

describe('batch jobs through the textfile collector', () => {
  it("records a success, then keeps its time through a failure, and passes the job's exit status on", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-batch-'));
    dirs.push(dir);
    const before = Math.floor(Date.now() / 1000);
    expect(runJob(dir, 'true').status).toBe(0);
    let m = await served(dir);
    const success = m.get('job_last_success_timestamp_seconds{job="backup"}')!;
    expect(success).toBeGreaterThanOrEqual(before);
    expect(m.get('job_last_exit_code{job="backup"}')).toBe(0);
    expect(m.get('node_textfile_scrape_error')).toBe(0);

    expect(runJob(dir, 'sh', '-c', 'exit 3').status).toBe(3);
    m = await served(dir);
    expect(m.get('job_last_exit_code{job="backup"}')).toBe(3);
    expect(m.get('job_last_success_timestamp_seconds{job="backup"}')).toBe(success);
    expect(m.get('job_last_run_timestamp_seconds{job="backup"}')).toBeGreaterThanOrEqual(success);
    // No temp file is left behind for the collector to trip on.
    expect(readdirSync(dir)).toEqual(['job_backup.prom']);
  });

  it('writes no success time for a job that never succeeded, so an alert on it also sees it missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-batch-'));
    dirs.push(dir);
    runJob(dir, 'false');
    const m = await served(dir);
    expect(m.get('job_last_exit_code{job="backup"}')).toBe(1);
    expect(m.has('job_last_success_timestamp_seconds{job="backup"}')).toBe(false);
  });
});
