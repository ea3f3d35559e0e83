// The exec probe inside the real `vigil serve`: what commands print is served on /metrics and
// /probe, valid for promtool whatever they printed; invalid output fails that probe, not the
// scrape; and nothing of a request reaches a command.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../support/exposition-parse.js';
import { run as runTool, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

const promtool = tool('promtool', 'prometheus');

// Valid, but everything a parser and a writer can get wrong: escapes in HELP and label values,
// non-ASCII, NaN, +Inf, a histogram, a counter, a comment, CRLF line ends.
const REPORT = [
  '# a comment the parser skips',
  '# HELP backup_last_success_timestamp_seconds Last verified backup; "quoted" \\\\ and a\\nsecond line',
  '# TYPE backup_last_success_timestamp_seconds gauge',
  'backup_last_success_timestamp_seconds{repo="/srv/a \\"b\\" \\\\ c\\nd",note="ünïcödé ✓"} 1.7645e9',
  '# HELP backup_verify_duration_seconds Time the last verification took.',
  '# TYPE backup_verify_duration_seconds histogram',
  'backup_verify_duration_seconds_bucket{le="1"} 2',
  'backup_verify_duration_seconds_bucket{le="+Inf"} 3\r',
  'backup_verify_duration_seconds_sum 4.5',
  'backup_verify_duration_seconds_count 3',
  '# HELP backup_runs_total Backups run since the host booted.',
  '# TYPE backup_runs_total counter',
  'backup_runs_total 7',
  '# HELP backup_queue_ratio Share of the queue in use.',
  '# TYPE backup_queue_ratio gauge',
  'backup_queue_ratio NaN',
  '',
].join('\n');

describe('exec probes in vigil serve', () => {
  let vigil: VigilProcess;
  let dir: string;
  const argvFile = () => join(dir, 'argv.json');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-exec-serve-'));
    writeFileSync(join(dir, 'report.prom'), REPORT);
    writeFileSync(join(dir, 'other.prom'), '# TYPE backup_runs_total counter\nbackup_runs_total 1\n');
    const dump =
      'require("fs").writeFileSync(process.env.OUT, JSON.stringify({argv: process.argv.slice(1), env: Object.keys(process.env).sort()}))';
    writeFileSync(
      join(dir, 'vigil.yml'),
      [
        'probes:',
        `  - {name: report, kind: exec, metrics: true, command: [cat, ${join(dir, 'report.prom')}]}`,
        `  - {name: other, kind: exec, metrics: true, command: [cat, ${join(dir, 'other.prom')}]}`,
        '  - {name: broken, kind: exec, metrics: true, command: [sh, -c, "echo probe_success 1"]}',
        '  - {name: failing, kind: exec, command: [sh, -c, "exit 1"]}',
        '  - {name: hung, kind: exec, timeout: 300ms, command: [sleep, "1000"]}',
        `  - name: argv`,
        `    kind: exec`,
        `    command: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(dump)}, fixed]`,
        `    env: {OUT: ${JSON.stringify(join(dir, 'argv.json'))}}`,
      ].join('\n'),
    );
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), '--collector.disable-defaults']);
  });
  afterAll(async () => {
    await vigil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves every probe and what the commands reported on /metrics, valid for promtool', async () => {
    const r = await fetch(`${vigil.url}/metrics`, { headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '5' } });
    expect(r.status).toBe(200);
    const body = await r.text();
    const fams = parseExposition(body);
    const success = Object.fromEntries(fams.get('probe_success')!.series.map((s) => [s.labels['probe'], s.value]));
    expect(success).toEqual({ report: 1, other: 1, broken: 0, failing: 0, hung: 0, argv: 1 });
    const reasons = Object.fromEntries(fams.get('vigil_probe_failure_info')!.series.map((s) => [s.labels['probe'], s.labels['reason']]));
    expect(reasons).toEqual({ broken: 'invalid_output', failing: 'exit_code', hung: 'timeout' });
    expect(fams.get('backup_last_success_timestamp_seconds')!.series).toEqual([
      { labels: { repo: '/srv/a "b" \\ c\nd', note: 'ünïcödé ✓', probe: 'report', kind: 'exec' }, value: 1.7645e9 },
    ]);
    // Two probes reporting one family share it, told apart by their probe label.
    expect(fams.get('backup_runs_total')!.series.map((s) => [s.labels['probe'], s.value])).toEqual([
      ['report', 7],
      ['other', 1],
    ]);
    expect(fams.get('backup_verify_duration_seconds')!.type).toBe('histogram');
    // The refused output is not served, and the probes collector itself did not fail.
    expect(body).not.toMatch(/^probe_success\{(?!.*probe=)/m);
    const collector = fams.get('vigil_scrape_collector_success')!.series.find((s) => s.labels['collector'] === 'probes');
    expect(collector?.value).toBe(1);
    if (!promtool.missing) {
      const lint = runTool(promtool.path!, ['check', 'metrics'], { input: body });
      expect((lint.stdout + lint.stderr).split('\n').filter(Boolean)).toEqual([]);
      expect(lint.code).toBe(0);
    }
  });

  it('serves /probe?name= for an exec probe with its reported series, valid for promtool', async () => {
    const r = await fetch(`${vigil.url}/probe?name=report`);
    expect(r.status).toBe(200);
    const body = await r.text();
    const fams = parseExposition(body);
    expect(fams.get('probe_success')!.series).toEqual([{ labels: { probe: 'report', kind: 'exec' }, value: 1 }]);
    expect(fams.get('backup_queue_ratio')!.series[0]!.value).toBeNaN();
    if (!promtool.missing) {
      const lint = runTool(promtool.path!, ['check', 'metrics'], { input: body });
      expect((lint.stdout + lint.stderr).split('\n').filter(Boolean)).toEqual([]);
    }
  });

  it('passes nothing of the request to the command: parameters, headers and odd names', async () => {
    const want = { argv: ['fixed'], env: ['OUT', 'PATH'] };
    const hostile = [
      '/probe?name=argv&command=/bin/false&target=$(touch%20/tmp/vigil-exec-pwned)&env=LD_PRELOAD%3D/x&args=--rm',
      '/probe?name=argv&working_directory=/&timeout=1h&metrics=true',
    ];
    for (const path of hostile) {
      rmSync(argvFile(), { force: true });
      const r = await fetch(`${vigil.url}${path}`, {
        headers: { 'X-Prometheus-Scrape-Timeout-Seconds': '$(id)', 'X-Command': '/bin/sh -c id', Cookie: 'PATH=/tmp' },
      });
      expect(r.status).toBe(200);
      expect(JSON.parse(readFileSync(argvFile(), 'utf8'))).toEqual(want);
    }
    rmSync(argvFile(), { force: true });
    for (const path of [
      '/probe?name=argv;id',
      '/probe?name=argv%20fixed',
      '/probe?name=../argv',
      '/probe?name=argv%00',
      '/probe?name=sh',
    ]) {
      expect((await fetch(`${vigil.url}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${vigil.url}/probe?name=argv&name=argv`)).status).toBe(400);
    expect(() => readFileSync(argvFile())).toThrow();
    expect(() => readFileSync('/tmp/vigil-exec-pwned')).toThrow();
  });
});
