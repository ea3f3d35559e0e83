import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectContext } from '../../src/collectors/types.js';
import { createProcessCollector } from '../../src/processes/collector.js';
import { parseExposition, type ParsedFamily } from '../support/exposition-parse.js';
import { freePort } from '../support/ports.js';
import { tool } from '../support/tools.js';
import { flock, settled, type Flock } from './spawn.js';
import { scrape, value } from './helpers.js';

// vigil and Debian's prometheus-process-exporter, same process_names, same host, same
// processes (spawned here under distinctive names): same groups, same metric shapes, equal
// counts, close memory and CPU.

const pe = tool('prometheus-process-exporter', 'prometheus-process-exporter');
const N = 'namedprocess_namegroup_';
const NAMES = [{ name: '{{.Comm}}', comm: ['vigilxa', 'vigilxb', 'vigilxp'] }];
// Families process-exporter has and vigil does not produce (see docs/processes.md).
const ONLY_IN_PE = /^namedprocess_namegroup_thread_/;

describe.skipIf(pe.missing)('cross-check with process-exporter on this host', () => {
  let f: Flock;
  let exporter: ChildProcess | undefined;
  let url = '';
  let vigil: Map<string, ParsedFamily>;
  let theirs: Map<string, ParsedFamily>;
  let busyPid = 0;

  beforeAll(async () => {
    f = flock();
    f.command('vigilxa');
    f.command('vigilxb');
    f.command('vigilxp', '/bin/sh');
    for (let i = 0; i < 3; i++) f.start('vigilxa', ['120']);
    for (let i = 0; i < 2; i++) f.start('vigilxb', ['120']);
    await settled(f.children);

    const config = join(f.dir, 'pe.yml');
    writeFileSync(config, `process_names:\n  - name: "{{.Comm}}"\n    comm: [vigilxa, vigilxb, vigilxp]\n`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/metrics`;
    exporter = spawn(pe.path!, ['-procfs', '/proc', '-config.path', config, '-web.listen-address', `127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    const collector = createProcessCollector({ process_names: NAMES });
    const ctx: CollectContext = {
      paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' },
      signal: new AbortController().signal,
      deadline: Date.now() + 20_000,
    };
    await scrape(collector, ctx); // vigil's first look
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(url)).ok) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // process-exporter dates processes from btime, a whole second, which on this kind of VM
    // is also ~0.9 s behind the clock: a process started less than ~2 s after its first look
    // would count as already running. vigil compares clock ticks and has no such window.
    await new Promise((r) => setTimeout(r, 2500));
    // Started after both exporters first looked: both count this process's whole life. It
    // burns some CPU, then forks a `sleep` child that no entry matches (children: true).
    const busy = f.start('vigilxp', ['-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; /bin/sleep 120; :']);
    await settled([busy], 200);
    busyPid = busy.pid!;
    const until = Date.now() + 15_000;
    while (Date.now() < until && !(await hasChild(busyPid))) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 200));

    theirs = parseExposition(await (await fetch(url)).text());
    vigil = await scrape(collector, ctx);
  }, 60_000);

  afterAll(() => {
    if (exporter?.pid !== undefined && exporter.exitCode === null) process.kill(exporter.pid, 'SIGKILL');
    f?.kill();
  });

  it('sees the same groups', () => {
    const groups = (m: Map<string, ParsedFamily>) =>
      m
        .get(`${N}num_procs`)!
        .series.map((s) => s.labels['groupname'])
        .sort();
    expect(groups(vigil)).toEqual(['vigilxa', 'vigilxb', 'vigilxp']);
    expect(groups(theirs)).toEqual(groups(vigil));
  });

  it('uses the same metric names, types and label names', () => {
    const shape = (m: Map<string, ParsedFamily>) =>
      Object.fromEntries(
        [...m.values()]
          .filter((fam) => fam.name.startsWith('namedprocess_') && !ONLY_IN_PE.test(fam.name))
          .map((fam) => [fam.name, `${fam.type} ${[...new Set(fam.series.flatMap((s) => Object.keys(s.labels)))].sort().join(',')}`]),
      );
    expect(shape(vigil)).toEqual(shape(theirs));
    const labelValues = (m: Map<string, ParsedFamily>, fam: string, label: string) =>
      [...new Set(m.get(fam)!.series.map((s) => s.labels[label]))].sort();
    expect(labelValues(vigil, `${N}memory_bytes`, 'memtype')).toEqual(labelValues(theirs, `${N}memory_bytes`, 'memtype'));
    expect(labelValues(vigil, `${N}states`, 'state')).toEqual(labelValues(theirs, `${N}states`, 'state'));
  });

  it('counts the same processes, threads, fds and states, children included', () => {
    for (const g of ['vigilxa', 'vigilxb', 'vigilxp']) {
      for (const fam of ['num_procs', 'num_threads', 'open_filedesc']) {
        expect([g, fam, value(vigil, `${N}${fam}`, { groupname: g })]).toEqual([g, fam, value(theirs, `${N}${fam}`, { groupname: g })]);
      }
      expect(value(vigil, `${N}states`, { groupname: g, state: 'Sleeping' })).toBe(
        value(theirs, `${N}states`, { groupname: g, state: 'Sleeping' }),
      );
    }
    expect(value(vigil, `${N}num_procs`, { groupname: 'vigilxa' })).toBe(3);
    expect(value(vigil, `${N}num_procs`, { groupname: 'vigilxp' })).toBe(2);
    // Sleeping processes wait in the same kernel function for both exporters.
    const waits = (m: Map<string, ParsedFamily>, g: string) =>
      m
        .get(`${N}threads_wchan`)!
        .series.filter((s) => s.labels['groupname'] === g)
        .map((s) => `${s.labels['wchan']}=${s.value}`)
        .sort();
    for (const g of ['vigilxa', 'vigilxb']) {
      expect(waits(vigil, g).length, g).toBeGreaterThan(0);
      expect(waits(vigil, g), g).toEqual(waits(theirs, g));
    }
  });

  it('reports close memory, CPU, fd ratio and start time', () => {
    const close = (fam: string, labels: Record<string, string>, tolerance: number) => {
      const a = value(vigil, fam, labels)!;
      const b = value(theirs, fam, labels)!;
      expect(a, `${fam} ${JSON.stringify(labels)}`).toBeDefined();
      expect(Math.abs(a - b), `${fam} ${JSON.stringify(labels)}: vigil ${a}, process-exporter ${b}`).toBeLessThanOrEqual(tolerance);
    };
    for (const g of ['vigilxa', 'vigilxb', 'vigilxp']) {
      const rss = value(theirs, `${N}memory_bytes`, { groupname: g, memtype: 'resident' })!;
      expect(rss).toBeGreaterThan(0);
      // vigil reads VmRSS from status, process-exporter the rss field of stat. Recent kernels
      // compute the latter from per-CPU counters without summing them (off by up to a few
      // hundred KiB per process, measured here); VmRSS is the exact sum.
      const procs = value(theirs, `${N}num_procs`, { groupname: g })!;
      close(`${N}memory_bytes`, { groupname: g, memtype: 'resident' }, rss * 0.05 + procs * 512 * 1024);
      close(`${N}memory_bytes`, { groupname: g, memtype: 'virtual' }, 0);
      close(`${N}worst_fd_ratio`, { groupname: g }, 1e-9);
      close(`${N}oldest_start_time_seconds`, { groupname: g }, 1.5);
    }
    const cpu = (m: Map<string, ParsedFamily>) =>
      value(m, `${N}cpu_seconds_total`, { groupname: 'vigilxp', mode: 'user' })! +
      value(m, `${N}cpu_seconds_total`, { groupname: 'vigilxp', mode: 'system' })!;
    expect(cpu(theirs), `vigil ${cpu(vigil)}`).toBeGreaterThan(0.05);
    expect(Math.abs(cpu(vigil) - cpu(theirs))).toBeLessThanOrEqual(0.03);
    close(`${N}context_switches_total`, { groupname: 'vigilxp', ctxswitchtype: 'voluntary' }, 3);
  });
});

async function hasChild(pid: number): Promise<boolean> {
  const { readFileSync, readdirSync } = await import('node:fs');
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'latin1');
      if (Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === pid) return true;
    } catch {
      /* exited */
    }
  }
  return false;
}
