// The exec probe against real processes: commands that exit, fork and exit, print 100 MB,
// hang, ignore SIGTERM; what they leave behind is read from /proc.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KILL_GRACE_MS, MAX_CONCURRENT_COMMANDS, MAX_OUTPUT_BYTES } from '../../src/probes/command.js';
import { toFamilies } from '../../src/probes/metrics.js';
import { runProbe } from '../../src/probes/runner.js';
import { alive, groupGone } from './process-group.js';
import { probeOf, run, writeTemp } from './support.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-exec-'));
  dirs.push(d);
  return d;
}
const sh = (text: string) => ['/bin/sh', writeTemp('check.sh', text)];

/** Waits (bounded) for a file a script writes, and returns its trimmed text. */
async function waitFor(file: string, withinMs = 5000): Promise<string> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (text) return text;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`${file} was never written`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('exec probe: exit status', () => {
  it('is a success on exit 0, with the exit code and no failure reason', async () => {
    const o = await run({ kind: 'exec', command: ['true'] });
    expect(o.success).toBe(1);
    expect(o.reason).toBeUndefined();
    expect(o.value('vigil_probe_exec_exit_code')).toBe(0);
    expect(o.seconds).toBeGreaterThan(0);
  });

  it('fails with reason exit_code and reports the status', async () => {
    const o = await run({ kind: 'exec', command: sh('exit 3') });
    expect([o.success, o.reason, o.value('vigil_probe_exec_exit_code')]).toEqual([0, 'exit_code', 3]);
  });

  it('fails with reason signal when a signal ends the command', async () => {
    const o = await run({ kind: 'exec', command: sh('kill -KILL $$') });
    expect([o.success, o.reason, o.value('vigil_probe_exec_exit_code')]).toEqual([0, 'signal', -1]);
    expect(o.error).toContain('SIGKILL');
  });

  it('fails with reason exec when the program cannot start (its directory went away after load)', async () => {
    const d = dir();
    const probe = probeOf({ kind: 'exec', command: ['true'], working_directory: d });
    rmSync(d, { recursive: true });
    const r = await runProbe(probe, Date.now() + 5000);
    expect(r.reason).toBe('exec');
    expect(r.metrics.get('probe_success')).toBe(0);
  });
});

describe('exec probe: processes', () => {
  it('kills what a command forked and left running when it exits, and answers at once', async () => {
    const d = dir();
    const started = Date.now();
    // The background sleep keeps stdout open: without the group kill the probe would wait for it.
    const o = await run({ kind: 'exec', command: sh(`sleep 1000 & echo $! > ${d}/bg; echo $$ > ${d}/pg; exit 0`) }, 20_000);
    expect(o.success).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const bg = Number(await waitFor(join(d, 'bg')));
    const pg = Number(await waitFor(join(d, 'pg')));
    expect(await groupGone(pg)).toEqual([]);
    expect(alive(bg)).toBe(false);
  });

  it('at the deadline kills the whole group: a shell and the sleeps it forked', async () => {
    const d = dir();
    const o = await run({ kind: 'exec', timeout: '500ms', command: sh(`echo $$ > ${d}/pg; sleep 1000 & sleep 1000 & wait`) }, 5000);
    expect([o.success, o.reason]).toEqual([0, 'timeout']);
    const pg = Number(await waitFor(join(d, 'pg')));
    expect(await groupGone(pg)).toEqual([]);
  });

  it('kills a group that ignores SIGTERM with SIGKILL after the grace', async () => {
    const d = dir();
    // trap '' TERM: the shell and every child it starts ignore SIGTERM.
    const o = await run(
      { kind: 'exec', timeout: '500ms', command: sh(`trap '' TERM; echo $$ > ${d}/pg; sleep 1000 & sleep 1000; wait`) },
      5000,
    );
    expect(o.reason).toBe('timeout');
    const pg = Number(await waitFor(join(d, 'pg')));
    // Every process of the group ignores SIGTERM: only the SIGKILL after the grace ends them.
    expect(await groupGone(pg, KILL_GRACE_MS + 10_000)).toEqual([]);
  });

  it('cuts a command printing 100 MB at the output bound, counts what it read, and kills it', async () => {
    const d = dir();
    const started = Date.now();
    const o = await run({ kind: 'exec', command: sh(`echo $$ > ${d}/pg; head -c 100000000 /dev/zero; sleep 1000`) }, 20_000);
    expect([o.success, o.reason]).toEqual([0, 'output_too_large']);
    const bytes = o.value('vigil_probe_exec_output_bytes')!;
    expect(bytes).toBeGreaterThan(MAX_OUTPUT_BYTES);
    // Counted when cut: at most a pipe read or two past the bound, not 100 MB.
    expect(bytes).toBeLessThan(MAX_OUTPUT_BYTES * 4);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await groupGone(Number(await waitFor(join(d, 'pg'))))).toEqual([]);
  });

  it(`runs at most ${MAX_CONCURRENT_COMMANDS} commands at once, and the others after them`, async () => {
    const d = dir();
    // Each run marks itself running, records how many are, and unmarks itself.
    const script = `mkdir ${d}/r.$$; ls ${d} | grep -c '^r\\.' >> ${d}/counts; sleep 0.3; rmdir ${d}/r.$$`;
    const probes = Array.from({ length: 10 }, () => probeOf({ kind: 'exec', command: sh(script) }));
    const runs = await Promise.all(probes.map((p) => runProbe(p, Date.now() + 30_000)));
    expect(runs.map((r) => r.metrics.get('probe_success'))).toEqual(Array(10).fill(1));
    const counts = readFileSync(join(d, 'counts'), 'utf8').trim().split('\n').map(Number);
    expect(counts).toHaveLength(10);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_CONCURRENT_COMMANDS);
    expect(Math.max(...counts)).toBeGreaterThan(1);
  });
});

describe('exec probe: what the command gets', () => {
  it('gets its argv as written (no shell), PATH and the configured env only, and its working directory', async () => {
    const d = dir();
    const cwd = dir();
    process.env['VIGIL_EXEC_TEST_LEAK'] = 'vigil-own';
    const dump =
      'require("fs").writeFileSync(process.env.OUT, JSON.stringify({argv: process.argv.slice(1), env: process.env, cwd: process.cwd()}))';
    const args = ['$(touch /tmp/vigil-exec-pwned)', '*', 'a b', '; rm -rf /', '`id`'];
    const o = await run(
      {
        kind: 'exec',
        command: [process.execPath, '-e', dump, ...args],
        working_directory: cwd,
        env: { OUT: join(d, 'out.json'), BACKUP_TOKEN: { value_env: 'VIGIL_EXEC_TEST_TOKEN' } },
      },
      10_000,
      { ...process.env, VIGIL_EXEC_TEST_TOKEN: 's3cret' },
    );
    delete process.env['VIGIL_EXEC_TEST_LEAK'];
    expect(o.success).toBe(1);
    const seen = JSON.parse(readFileSync(join(d, 'out.json'), 'utf8')) as { argv: string[]; env: Record<string, string>; cwd: string };
    expect(seen.argv).toEqual(args);
    expect(Object.keys(seen.env).sort()).toEqual(['BACKUP_TOKEN', 'OUT', 'PATH']);
    expect(seen.env['BACKUP_TOKEN']).toBe('s3cret');
    expect(seen.env['PATH']).toBe(process.env['PATH']);
    expect(seen.cwd).toBe(cwd);
    expect(() => readFileSync('/tmp/vigil-exec-pwned')).toThrow();
  });
});

describe('exec probe: metrics: true', () => {
  const exposition = [
    '# HELP backup_last_success_timestamp_seconds When the last backup verified.',
    '# TYPE backup_last_success_timestamp_seconds gauge',
    'backup_last_success_timestamp_seconds{db="app"} 1764500000',
    'backup_size_bytes 123456',
  ].join('\\n');

  it('serves the series the command printed with the probe and kind labels added', async () => {
    const o = await run({ kind: 'exec', metrics: true, command: sh(`printf '${exposition}\\n'`) });
    expect(o.success).toBe(1);
    const fams = toFamilies([o.metrics]);
    const last = fams.find((f) => f.name === 'backup_last_success_timestamp_seconds')!;
    expect(last.type).toBe('gauge');
    expect(last.help).toBe('When the last backup verified.');
    expect(last.samples).toEqual([{ labels: { db: 'app', probe: 'p', kind: 'exec' }, value: 1764500000 }]);
    expect(fams.find((f) => f.name === 'backup_size_bytes')!.samples).toEqual([{ labels: { probe: 'p', kind: 'exec' }, value: 123456 }]);
  });

  it('still serves the metrics of a command that exits non-zero, and fails with exit_code', async () => {
    const o = await run({ kind: 'exec', metrics: true, command: sh(`printf '${exposition}\\n'; exit 2`) });
    expect([o.success, o.reason]).toEqual([0, 'exit_code']);
    expect(toFamilies([o.metrics]).some((f) => f.name === 'backup_size_bytes')).toBe(true);
  });

  it('does not parse stdout without metrics: true', async () => {
    const o = await run({ kind: 'exec', command: sh('echo "not { metrics"') });
    expect(o.success).toBe(1);
    expect(o.metrics.reported).toEqual([]);
  });

  it.each([
    ['garbage', 'echo "this is not { exposition"', /line 1/],
    ['a client timestamp', 'echo "queue_depth 3 1764500000000"', /timestamps/],
    ['a duplicate series', 'echo "queue_depth 3"; echo "queue_depth 4"', /line 2: duplicate/],
    ['a probe_ family', 'echo "probe_success 1"', /probe_success.*vigil's or Prometheus's own/],
    ['a vigil_ family', 'echo "vigil_probe_failure_info 0"', /vigil's or Prometheus's own/],
    ['a node_ family', 'echo "node_load1 99"', /vigil's or Prometheus's own/],
    ['an up family', 'echo "up 1"', /Prometheus writes itself/],
    ['a scrape_ family', 'echo "scrape_samples_scraped 1"', /Prometheus's own/],
    ['its own probe label', 'echo \'queue_depth{probe="other"} 3\'', /probe label/],
    ['its own kind label', 'echo \'queue_depth{kind="http"} 3\'', /kind label/],
    ['binary junk', 'head -c 3000 /dev/urandom', /stdout is not exposition text/],
  ])('fails with invalid_output on %s, serving none of it', async (_what, script, message) => {
    const o = await run({ kind: 'exec', metrics: true, command: sh(script) });
    expect([o.success, o.reason]).toEqual([0, 'invalid_output']);
    expect(o.error).toMatch(message);
    expect(o.metrics.reported).toEqual([]);
  });
});
