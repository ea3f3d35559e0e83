import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries } from '../support/dashboard-queries.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { shippedRulesWithFor } from '../support/shipped-rules.js';
import { tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// From one host to a dozen: twelve `vigil serve` behind one real Prometheus that finds them
// through file_sd and evaluates the shipped compiled rules. Each host has its own procfs
// (the fixture tree with its own meminfo), so hosts differ; the first three are short of
// memory. Then one healthy host is stopped: exactly its alerts may change, nobody else's.

const prom = tool('prometheus', 'prometheus');
const HOSTS = 12;
const LOW_MEMORY = new Set([0, 1, 2]);
const KILLED = 5;
const MEM_TOTAL_KB = 3742148; // the fixture's MemTotal
// Hand-computed: 5% available is 95% used (above HostMemoryHigh's 85), 50% is 50% used.
const availableKb = (i: number) => (LOW_MEMORY.has(i) ? 187107 : 1871074);
const COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'stat', 'time', 'filesystem', 'diskstats', 'netdev', 'runtime'];

/** A procfs for host i: the fixture's entries linked, meminfo its own. */
function hostProc(root: string, i: number): string {
  const proc = join(root, `host${i}`, 'proc');
  mkdirSync(proc, { recursive: true });
  for (const name of readdirSync(FIXTURE_PATHS.procfs)) {
    if (name !== 'meminfo') symlinkSync(join(FIXTURE_PATHS.procfs, name), join(proc, name));
  }
  const meminfo = readFileSync(join(FIXTURE_PATHS.procfs, 'meminfo'), 'utf8').replace(
    /^MemAvailable:\s+\d+ kB$/m,
    `MemAvailable:   ${availableKb(i)} kB`,
  );
  if (!meminfo.includes(`MemTotal:       ${MEM_TOTAL_KB} kB`)) throw new Error('the fixture meminfo changed: update MEM_TOTAL_KB');
  writeFileSync(join(proc, 'meminfo'), meminfo);
  return proc;
}

type Row = { metric: Record<string, string>; value: [number, string] };
const key = (r: Row) => `${r.metric['alertname']}@${r.metric['instance'] ?? ''}`;

describe.skipIf(prom.missing)('a fleet of twelve vigil behind one Prometheus (file_sd)', () => {
  const hosts: VigilProcess[] = [];
  const instances: string[] = [];
  let p: RunningPrometheus;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-fleet-'));
    const collectorFlags = ['--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`)];
    hosts.push(
      ...(await Promise.all(
        Array.from({ length: HOSTS }, (_, i) =>
          startVigilProcess([
            '--path.procfs',
            hostProc(dir, i),
            '--path.sysfs',
            FIXTURE_PATHS.sysfs,
            '--path.rootfs',
            FIXTURE_PATHS.rootfs,
            ...collectorFlags,
          ]),
        ),
      )),
    );
    instances.push(...hosts.map((h) => new URL(h.url).host));
    // The shape of prometheus/file_sd/vigil-hosts.yml: groups of targets with labels.
    const fileSd = [
      { targets: instances.slice(0, 6), labels: { rack: 'a' } },
      { targets: instances.slice(6), labels: { rack: 'b' } },
    ];
    p = await startPrometheus(
      prom.path!,
      [
        'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}',
        'rule_files: ["*.rules.yml"]',
        'scrape_configs:',
        '  - job_name: vigil',
        '    file_sd_configs: [{files: ["vigil-hosts.yml"]}]',
      ].join('\n'),
      { ...shippedRulesWithFor('3s'), 'vigil-hosts.yml': yaml.dump(fileSd) },
    );
  }, 90_000);

  afterAll(async () => {
    await p?.stop();
    await Promise.all(hosts.map((h) => h.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes every host, finds the rest, and records health per instance', async () => {
    const up = await eventually(async () => {
      const rows = await p.query('up{job="vigil"} == 1');
      return rows.length === HOSTS ? rows : undefined;
    }, 30_000);
    expect(up.map((r) => r.metric['instance']).sort()).toEqual([...instances].sort());
    expect(
      up
        .filter((r) => r.metric['rack'] === 'a')
        .map((r) => r.metric['instance'])
        .sort(),
    ).toEqual(instances.slice(0, 6).sort());

    // The low-memory hosts' warning needs the rule's 15 s subquery step to come round.
    const status = await eventually(async () => {
      const rows = await p.query('vigil:health:status');
      const warned = rows.filter((r) => r.value[1] === '1').length;
      return rows.length === HOSTS && warned === LOW_MEMORY.size ? rows : undefined;
    }, 45_000);
    const byInstance = new Map(status.map((r) => [r.metric['instance']!, r.value[1]]));
    expect(byInstance.size).toBe(HOSTS);
    for (const [i, inst] of instances.entries()) expect(byInstance.get(inst), inst).toBe(LOW_MEMORY.has(i) ? '1' : '0');

    const memHigh = await p.query('ALERTS{alertname="HostMemoryHigh", alertstate="firing"}');
    expect(memHigh.map((r) => r.metric['instance']).sort()).toEqual([...LOW_MEMORY].map((i) => instances[i]).sort());
  }, 90_000);

  it('answers each health and host dashboard query with every host, and each stat panel with one row per host', async () => {
    // Counters need two samples inside the rate window; the health rules need an evaluation.
    await eventually(async () => ((await p.query('rate(node_cpu_seconds_total[10s])')).length > 0 ? true : undefined), 20_000);
    const queries = [
      ...dashboardQueries('health', { job: 'vigil', rateInterval: '10s' }),
      ...dashboardQueries('host', { job: 'vigil', rateInterval: '10s' }),
    ];
    // Panels that sum over the fleet on purpose (no instance label to split on).
    const fleetWide = new Set(['Alerts firing by name and severity']);
    expect(queries.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const q of queries) {
      const rows = await p.query(q.expr);
      if (fleetWide.has(q.panel)) {
        if (rows.some((r) => 'instance' in r.metric)) problems.push(`${q.dashboard}/${q.panel}: expected to be fleet-wide`);
        continue;
      }
      const seen = new Map<string, number>();
      for (const r of rows) seen.set(r.metric['instance'] ?? '(none)', (seen.get(r.metric['instance'] ?? '(none)') ?? 0) + 1);
      const got = [...seen.keys()].sort();
      if (JSON.stringify(got) !== JSON.stringify([...instances].sort())) {
        problems.push(`${q.dashboard}/${q.panel}: instances ${got.join(',') || '(no rows)'} for ${q.expr}`);
      } else if (q.type === 'stat' && [...seen.values()].some((n) => n !== 1)) {
        problems.push(`${q.dashboard}/${q.panel}: a stat panel with more than one row for a host: ${q.expr}`);
      }
    }
    expect(problems).toEqual([]);

    // The host dashboard's "Memory used" stat shows each host's own figure (hand-computed).
    const used = dashboardQueries('host', { job: 'vigil', rateInterval: '10s' }).find((q) => q.panel === 'Memory used')!;
    const rows = new Map((await p.query(used.expr)).map((r) => [r.metric['instance']!, Number(r.value[1])]));
    for (const [i, inst] of instances.entries()) expect(rows.get(inst), inst).toBeCloseTo(LOW_MEMORY.has(i) ? 95 : 50, 2);
  }, 60_000);

  it("stopping one host fires that host's VigilTargetDown and changes no other host's alerts", async () => {
    const firing = async () => (await p.query('ALERTS{alertstate="firing"}')).map(key).sort();
    const before = await firing();
    const victim = instances[KILLED]!;
    expect(before.some((k) => k.endsWith(`@${victim}`) && k.startsWith('VigilTargetDown'))).toBe(false);
    await hosts[KILLED]!.stop();

    await eventually(async () => ((await firing()).includes(`VigilTargetDown@${victim}`) ? true : undefined), 30_000);
    const after = await firing();
    expect(after.filter((k) => !before.includes(k))).toEqual([`VigilTargetDown@${victim}`]);
    // An alert may only end on the host that went away (its series stopped).
    expect(before.filter((k) => !after.includes(k) && !k.endsWith(`@${victim}`))).toEqual([]);

    // The health group evaluates on its own schedule: give it a round after the alert fired.
    const status = await eventually(async () => {
      const m = new Map((await p.query('vigil:health:status')).map((r) => [r.metric['instance']!, r.value[1]]));
      return m.get(victim) === '2' ? m : undefined;
    }, 10_000);
    expect(status.size).toBe(HOSTS);
    for (const [i, inst] of instances.entries()) {
      expect(status.get(inst), inst).toBe(i === KILLED ? '2' : LOW_MEMORY.has(i) ? '1' : '0');
    }
    expect(await p.query('ALERTS{alertname="VigilAbsent"}')).toEqual([]);
  }, 60_000);
});
