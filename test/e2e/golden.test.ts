import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { run, tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// node_exporter's end-to-end test, for vigil: the real binary on the fixture roots, scraped
// over HTTP, diffed against a committed exposition. UPDATE_GOLDEN=1 rewrites it.

const GOLDEN = fileURLToPath(new URL('../fixtures/host/e2e-output.txt', import.meta.url));

// Values that are not a function of the fixture tree: the clock, durations, the build, and
// statfs of the directory the fixture happens to live on. Their lines stay, their values go.
const MASKED_VALUES = [
  'node_time_seconds',
  'vigil_scrape_collector_duration_seconds',
  'node_filesystem_size_bytes',
  'node_filesystem_free_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_files',
  'node_filesystem_files_free',
  'node_time_zone_offset_seconds',
  'vigil_config_last_reload_success_timestamp_seconds',
  'node_scrape_collector_duration_seconds',
];

// adjtimex answers for the machine's own clock, whatever the fixture roots say.
const MASKED_PREFIXES = ['node_timex_'];

// rapl's path label is the zone's directory under --path.sysfs, as upstream's is: here that is
// wherever this checkout lives, so it is written as <sysfs>.
export function normalize(text: string): string {
  return text
    .split(FIXTURE_PATHS.sysfs)
    .join('<sysfs>')
    .split('\n')
    .map((line) => {
      if (line.startsWith('#') || !line) return line;
      const name = line.replace(/[{ ].*$/, '');
      let out = line;
      if (name === 'vigil_build_info')
        out = out.replace(/version="[^"]*"/, 'version="<version>"').replace(/nodejs_version="[^"]*"/, 'nodejs_version="<node>"');
      if (name === 'node_time_zone_offset_seconds') out = out.replace(/time_zone="[^"]*"/, 'time_zone="<zone>"');
      if (MASKED_VALUES.includes(name) || MASKED_PREFIXES.some((p) => name.startsWith(p))) out = out.replace(/ [^ ]+$/, ' <masked>');
      return out;
    })
    .join('\n');
}

describe('end-to-end on the fixture tree', () => {
  let vigil: VigilProcess;
  let body: string;

  beforeAll(async () => {
    vigil = await startVigilProcess(
      [
        '--path.procfs',
        FIXTURE_PATHS.procfs,
        '--path.sysfs',
        FIXTURE_PATHS.sysfs,
        '--path.rootfs',
        FIXTURE_PATHS.rootfs,
        '--no-collector.runtime',
      ],
      { TZ: 'UTC' },
    );
    body = await (await fetch(`${vigil.url}/metrics`)).text();
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('matches the committed exposition', () => {
    const got = normalize(body);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, got);
    expect(got).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reports every collector as successful on the fixture tree', () => {
    const failed = body.split('\n').filter((l) => l.startsWith('vigil_scrape_collector_success') && l.endsWith(' 0'));
    expect(failed).toEqual([]);
  });

  const promtool = tool('promtool', 'prometheus');
  it.skipIf(promtool.missing)('passes promtool check metrics, but for the lints node_exporter itself trips', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-golden-'));
    writeFileSync(join(dir, 'm.txt'), body);
    const r = run(promtool.path!, ['check', 'metrics'], { input: body });
    const problems = (r.stdout + r.stderr)
      .split('\n')
      .filter(Boolean)
      // node_exporter's own meminfo and netstat names keep the kernel's CamelCase
      // (node_memory_MemTotal_bytes, node_netstat_Tcp_InSegs), and its entropy gauges count
      // bits: promtool says the same of node_exporter's own output.
      .filter((l) => !/^node_(memory|netstat)_\w+ metric names should be written in 'snake_case' not 'camelCase'$/.test(l))
      .filter((l) => !/^node_entropy_(available|pool_size)_bits use base unit "bytes" instead of "bits"$/.test(l));
    expect(problems).toEqual([]);
  });
});
