import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TEXTFILE_BYTES, textfileCollector } from '../../src/collectors/textfile.js';
import { parseExpositionText } from '../../src/metrics/parse-text.js';
import { ctx, flatten } from '../support/host-fixture.js';
import { parseExposition } from '../support/exposition-parse.js';
import { run as runTool, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'vigil-textfile-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const collect = async (directory: string) => {
  const c = textfileCollector.create({ options: { directory }, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' });
  return flatten(await c.collect(ctx()));
};

describe('exposition text parser', () => {
  it('reads HELP, TYPE, labels with escapes, special values and histogram suffixes', () => {
    const { families } = parseExpositionText(
      [
        '# HELP job_last_success_timestamp_seconds When the job last succeeded.',
        '# TYPE job_last_success_timestamp_seconds gauge',
        'job_last_success_timestamp_seconds{job="backup",path="C:\\\\dir \\"x\\"\\n"} 1.7e9',
        '# TYPE req_seconds histogram',
        'req_seconds_bucket{le="0.5"} 3',
        'req_seconds_bucket{le="+Inf"} 4',
        'req_seconds_sum 1.25',
        'req_seconds_count 4',
        'plain NaN',
      ].join('\n'),
    );
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['job_last_success_timestamp_seconds', 'gauge', 1],
      ['req_seconds', 'histogram', 4],
      ['plain', 'untyped', 1],
    ]);
    expect(families[0]!.samples[0]!.labels).toEqual({ job: 'backup', path: 'C:\\dir "x"\n' });
    expect(families[1]!.samples.map((s) => s.suffix)).toEqual(['_bucket', '_bucket', '_sum', '_count']);
    expect(Number.isNaN(families[2]!.samples[0]!.value)).toBe(true);
  });

  it('says which line is wrong and why', () => {
    expect(() => parseExpositionText('ok 1\nbad-name 2\n')).toThrow(/line 2: invalid metric name/);
    expect(() => parseExpositionText('x{a="1"} one\n')).toThrow(/line 1: "one" is not a number/);
    expect(() => parseExpositionText('x{a="1} 1\n')).toThrow(/line 1: the value of label a is not closed/);
    expect(() => parseExpositionText('x 1\nx 2\n')).toThrow(/line 2: duplicate series/);
    expect(() => parseExpositionText('x 1\n# TYPE x gauge\n')).toThrow(/line 2: TYPE for x comes after its samples/);
    expect(() => parseExpositionText('# TYPE x meter\n')).toThrow(/unknown type "meter"/);
    expect(parseExpositionText('x 1 1700000000000\n').timestampLine).toBe(1);
  });
});

describe('textfile collector', () => {
  it('serves the files with their mtimes, and only node_textfile_scrape_error 0 without a directory', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'backup.prom'),
      '# HELP backup_last_success_timestamp_seconds Last good backup.\n# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1700000000\n',
    );
    writeFileSync(join(d, 'notes.txt'), 'not_served 1\n');
    utimesSync(join(d, 'backup.prom'), 1_700_000_100, 1_700_000_100);
    const m = await collect(d);
    expect(m.get('backup_last_success_timestamp_seconds')).toBe(1_700_000_000);
    expect(m.get(`node_textfile_mtime_seconds{file="${join(d, 'backup.prom')}"}`)).toBe(1_700_000_100);
    expect(m.get('node_textfile_scrape_error')).toBe(0);
    expect(m.has('not_served')).toBe(false);
    const none = flatten(
      await textfileCollector
        .create({ options: {}, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' })
        .collect(ctx()),
    );
    expect([...none]).toEqual([['node_textfile_scrape_error', 0]]);
  });

  it('skips a bad file whole, keeps the good ones, and says so in node_textfile_scrape_error', async () => {
    const d = dir();
    writeFileSync(join(d, 'a-good.prom'), 'good_metric{x="1"} 1\n');
    writeFileSync(join(d, 'b-broken.prom'), 'half_written 1\nhalf_writ');
    writeFileSync(join(d, 'c-stamped.prom'), 'stamped 1 1700000000000\n');
    const m = await collect(d);
    expect(m.get('good_metric{x="1"}')).toBe(1);
    expect(m.has('half_written')).toBe(false); // not half of a file
    expect(m.has('stamped')).toBe(false); // client timestamps are refused, as upstream
    expect(m.get('node_textfile_scrape_error')).toBe(1);
    expect([...m.keys()].filter((k) => k.startsWith('node_textfile_mtime_seconds'))).toEqual([
      `node_textfile_mtime_seconds{file="${join(d, 'a-good.prom')}"}`,
    ]);
  });

  it('merges a family two files share, and refuses the second file when the type or a series clashes', async () => {
    const d = dir();
    writeFileSync(join(d, 'a.prom'), '# TYPE jobs_done counter\njobs_done{job="a"} 3\n');
    writeFileSync(join(d, 'b.prom'), '# TYPE jobs_done counter\njobs_done{job="b"} 4\n');
    let m = await collect(d);
    expect(m.get('jobs_done{job="a"}')).toBe(3);
    expect(m.get('jobs_done{job="b"}')).toBe(4);
    expect(m.get('node_textfile_scrape_error')).toBe(0);
    writeFileSync(join(d, 'c.prom'), '# TYPE jobs_done gauge\njobs_done{job="c"} 5\nother 1\n');
    writeFileSync(join(d, 'd.prom'), '# TYPE jobs_done counter\njobs_done{job="a"} 9\n');
    m = await collect(d);
    expect(m.get('jobs_done{job="a"}')).toBe(3);
    expect(m.has('jobs_done{job="c"}')).toBe(false);
    expect(m.has('other')).toBe(false);
    expect(m.get('node_textfile_scrape_error')).toBe(1);
  });

  it('refuses files past the size bound and FIFOs without hanging, and survives a missing directory', async () => {
    const d = dir();
    writeFileSync(join(d, 'huge.prom'), `x 1\n${'#'.repeat(MAX_TEXTFILE_BYTES)}\n`);
    execFileSync('mkfifo', [join(d, 'pipe.prom')]);
    writeFileSync(join(d, 'ok.prom'), 'ok 1\n');
    const m = await collect(d);
    expect(m.get('ok')).toBe(1);
    expect(m.has('x')).toBe(false);
    expect(m.get('node_textfile_scrape_error')).toBe(1);
    const gone = await collect(join(d, 'missing'));
    expect(gone.get('node_textfile_scrape_error')).toBe(1);
  });
});

// Debian's prometheus-node-exporter-collectors: the scripts people run from cron into the
// textfile directory. Those that run on any host are run here, and vigil serves their output.
const SCRIPTS = '/usr/share/prometheus-node-exporter-collectors';
const scriptsPackage = existsSync(SCRIPTS);
if (!scriptsPackage && process.env['CI'] === 'true')
  throw new Error('prometheus-node-exporter-collectors is not installed; CI must install it');
const promtool = tool('promtool', 'prometheus');

describe.skipIf(!scriptsPackage || promtool.missing)("textfile collector with Debian's node-exporter-collectors scripts", () => {
  let vigil: VigilProcess | undefined;
  afterEach(async () => {
    await vigil?.stop();
    vigil = undefined;
  });

  it('serves what directory-size.sh, fstab-check.sh and inotify-instances write, valid for promtool', async () => {
    const d = dir();
    const out = (script: string, args: string[] = []) => execFileSync(join(SCRIPTS, script), args, { encoding: 'utf8', timeout: 20_000 });
    writeFileSync(join(d, 'directory_size.prom'), out('directory-size.sh', [d]));
    writeFileSync(join(d, 'fstab.prom'), out('fstab-check.sh'));
    writeFileSync(join(d, 'inotify.prom'), out('inotify-instances'));
    vigil = await startVigilProcess(['--collector.disable-defaults', '--collector.textfile', '--collector.textfile.directory', d]);
    const body = await (await fetch(`${vigil.url}/metrics`)).text();
    const fams = parseExposition(body);
    expect(fams.get('node_directory_size_bytes')?.series[0]?.labels['directory']).toBe(d);
    expect(fams.get('node_directory_size_bytes')?.type).toBe('gauge');
    // fstab-check and inotify-instances may find nothing to list on a container: their HELP and
    // TYPE alone are a valid file, which the three mtimes and the error flag at 0 show was read.
    expect(fams.get('node_textfile_scrape_error')?.series[0]?.value).toBe(0);
    expect(fams.get('node_textfile_mtime_seconds')?.series.length).toBe(3);
    const r = runTool(promtool.path!, ['check', 'metrics'], { input: body });
    expect((r.stdout + r.stderr).split('\n').filter(Boolean)).toEqual([]);
  });
});
