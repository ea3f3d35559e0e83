import { readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessCollector } from '../../src/processes/collector.js';
import { context, copyFixture, FIXTURE, groupsOf, scrape, value } from './helpers.js';

// The fixture tree (test/fixtures/processes/proc) holds:
//   1 systemd, 2 kthreadd (kernel thread), 400 cron       matched by nothing
//   100 nginx master (S), 101 nginx worker (R, uid 33),   matched by comm
//   800 a zombie child of 100 with ") (" in its name      joins nginx as a child
//   200 postgres (uid 105, fd limit 100)                  matched by exe path
//   300 python3 app.py --svc=billing                      matched by a cmdline capture
//   301 sh (child of 300), 302 pg_dump (child of 301, D)  join app-billing as descendants
//   500 listed but without files                          exited between listing and reading
//   600 redis-server whose status cannot be read          unreadable
//   700 redis-server, uid 106, 2 threads, io unreadable   partial read; switches summed over tasks
// uptime is 5000 s (500000 ticks): every fixture process predates vigil's first look.
const NAMES = [
  { name: '{{.Comm}}', comm: ['nginx'] },
  { name: 'postgres', exe: ['/usr/lib/postgresql/15/bin/postgres'] },
  { name: 'app-{{.Matches.svc}}', cmdline: ['app\\.py --svc=(?P<svc>\\w+)'] },
  { name: 'redis-{{.Username}}', exe: ['redis-server'] },
  { name: 'mysql', comm: ['mysqld'] },
];

const N = 'namedprocess_namegroup_';

describe('process groups on the fixture tree', () => {
  it('reports each configured group with its processes, children included', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    expect(groupsOf(f)).toEqual(['app-billing', 'mysql', 'nginx', 'postgres', 'redis-106']);
    const procs = (g: string) => value(f, `${N}num_procs`, { groupname: g });
    expect([procs('nginx'), procs('postgres'), procs('app-billing'), procs('redis-106'), procs('mysql')]).toEqual([3, 1, 3, 1, 0]);
  });

  it('sums memory, fds and threads and takes the worst fd ratio and the oldest start', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    const g = { groupname: 'nginx' };
    expect(value(f, `${N}memory_bytes`, { ...g, memtype: 'resident' })).toBe((4000 + 6000) * 1024);
    expect(value(f, `${N}memory_bytes`, { ...g, memtype: 'virtual' })).toBe(2 * 16384000);
    expect(value(f, `${N}memory_bytes`, { ...g, memtype: 'proportionalResident' })).toBe((2000 + 3000) * 1024);
    expect(value(f, `${N}open_filedesc`, g)).toBe(3 + 4); // the zombie's fd directory is unreadable: left out
    expect(value(f, `${N}worst_fd_ratio`, g)).toBeCloseTo(4 / 1024, 10);
    expect(value(f, `${N}num_threads`, g)).toBe(3);
    expect(value(f, `${N}oldest_start_time_seconds`, g)).toBe(1700000000 + 1000 / 100);
    expect(value(f, `${N}worst_fd_ratio`, { groupname: 'postgres' })).toBe(0.06);
  });

  it('counts processes by state, mapping D to Waiting and Z to Zombie', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    const states = (g: string) =>
      Object.fromEntries(
        f
          .get(`${N}states`)!
          .series.filter((s) => s.labels['groupname'] === g)
          .map((s) => [s.labels['state'], s.value]),
      );
    expect(states('nginx')).toEqual({ Running: 1, Sleeping: 1, Waiting: 0, Zombie: 1, Other: 0 });
    expect(states('app-billing')).toEqual({ Running: 0, Sleeping: 2, Waiting: 1, Zombie: 0, Other: 0 });
  });

  it('counts exited, unreadable and partially readable processes without failing the scrape', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    const err = (reason: string) => value(f, 'vigil_process_read_errors_total', { reason });
    expect(err('exited')).toBe(1); // 500
    expect(err('unreadable')).toBe(1); // 600
    expect(err('partial')).toBe(3); // 700 io, 800 io and fd
  });

  it('reports a configured group with no process as 0 from the very first scrape', async () => {
    const c = createProcessCollector({
      process_names: [
        { name: 'mysql', comm: ['mysqld'] },
        { name: '{{.Comm}}', comm: ['memcached'] },
      ],
    });
    const f = await scrape(c, context(FIXTURE));
    expect(groupsOf(f)).toEqual(['memcached', 'mysql']);
    expect(value(f, `${N}num_procs`, { groupname: 'mysql' })).toBe(0);
    expect(value(f, `${N}cpu_seconds_total`, { groupname: 'mysql', mode: 'user' })).toBe(0);
    expect(value(f, `${N}oldest_start_time_seconds`, { groupname: 'mysql' })).toBe(0);
  });

  it("leaves children out of their parent's group when children is off", async () => {
    const c = createProcessCollector({ process_names: NAMES, process_options: { children: false } });
    const f = await scrape(c, context(FIXTURE));
    expect(value(f, `${N}num_procs`, { groupname: 'app-billing' })).toBe(1);
    expect(value(f, `${N}num_procs`, { groupname: 'nginx' })).toBe(2);
  });

  it('sums context switches over all threads of a multi-threaded process', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    // Counters start at 0 for processes older than the first scrape; the switch sum is
    // visible through a collector whose first scrape predates the process (see below).
    expect(value(f, `${N}context_switches_total`, { groupname: 'redis-106', ctxswitchtype: 'voluntary' })).toBe(0);
  });

  it('leaves out proportional memory when gather_smaps is off', async () => {
    const c = createProcessCollector({ process_names: NAMES, process_options: { gather_smaps: false } });
    const f = await scrape(c, context(FIXTURE));
    expect(f.get(`${N}memory_bytes`)!.series.map((s) => s.labels['memtype'])).not.toContain('proportionalResident');
  });

  it("uses process-exporter's metric names, types and label names", async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    const shape = Object.fromEntries(
      [...f.values()].map((fam) => [fam.name, `${fam.type}:${Object.keys(fam.series[0]!.labels).sort().join(',')}`]),
    );
    expect(shape).toEqual({
      [`${N}num_procs`]: 'gauge:groupname',
      [`${N}cpu_seconds_total`]: 'counter:groupname,mode',
      [`${N}read_bytes_total`]: 'counter:groupname',
      [`${N}write_bytes_total`]: 'counter:groupname',
      [`${N}major_page_faults_total`]: 'counter:groupname',
      [`${N}minor_page_faults_total`]: 'counter:groupname',
      [`${N}context_switches_total`]: 'counter:ctxswitchtype,groupname',
      [`${N}memory_bytes`]: 'gauge:groupname,memtype',
      [`${N}open_filedesc`]: 'gauge:groupname',
      [`${N}worst_fd_ratio`]: 'gauge:groupname',
      [`${N}oldest_start_time_seconds`]: 'gauge:groupname',
      [`${N}num_threads`]: 'gauge:groupname',
      [`${N}states`]: 'gauge:groupname,state',
      [`${N}threads_wchan`]: 'gauge:groupname,wchan',
      namedprocess_scrape_errors: 'counter:',
      namedprocess_scrape_partial_errors: 'counter:',
      namedprocess_scrape_procread_errors: 'counter:',
      vigil_process_read_errors_total: 'counter:reason',
      vigil_process_groups_refused_total: 'counter:',
    });
  });

  it('counts states and wait functions per thread, as process-exporter does', async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    const redis = { groupname: 'redis-106' };
    // redis-server (700) has two threads: one sleeping, one in uninterruptible disk sleep.
    expect(value(f, `${N}states`, { ...redis, state: 'Sleeping' })).toBe(1);
    expect(value(f, `${N}states`, { ...redis, state: 'Waiting' })).toBe(1);
    expect(value(f, `${N}threads_wchan`, { ...redis, wchan: 'ep_poll' })).toBe(1);
    expect(value(f, `${N}threads_wchan`, { ...redis, wchan: 'io_schedule' })).toBe(1);
    // nginx 100 waits in epoll; 101 is not waiting ("0"), so it adds no wchan.
    expect(value(f, `${N}threads_wchan`, { groupname: 'nginx', wchan: 'do_epoll_wait' })).toBe(1);
    expect(f.get(`${N}threads_wchan`)!.series.filter((s) => s.labels['groupname'] === 'nginx')).toHaveLength(1);
    const perProcess = await scrape(
      createProcessCollector({ process_names: NAMES, process_options: { thread_states: false, threads_wchan: false } }),
      context(FIXTURE),
    );
    expect(value(perProcess, `${N}states`, { ...redis, state: 'Sleeping' })).toBe(1);
    expect(value(perProcess, `${N}states`, { ...redis, state: 'Waiting' })).toBe(0);
    expect(perProcess.has(`${N}threads_wchan`)).toBe(false);
  });

  it("serves process-exporter's scrape error counters, which its dashboards key on", async () => {
    const f = await scrape(createProcessCollector({ process_names: NAMES }), context(FIXTURE));
    expect(value(f, 'namedprocess_scrape_errors', {})).toBe(0);
    expect(value(f, 'namedprocess_scrape_partial_errors', {})).toBe(value(f, 'vigil_process_read_errors_total', { reason: 'partial' }));
    expect(value(f, 'namedprocess_scrape_procread_errors', {})).toBe(value(f, 'vigil_process_read_errors_total', { reason: 'unreadable' }));
  });
});

describe('process groups over time', () => {
  let tree: ReturnType<typeof copyFixture> | undefined;
  afterEach(() => {
    tree?.remove();
    tree = undefined;
  });

  const statFile = (root: string, pid: number) => join(root, 'proc', String(pid), 'stat');
  /** Rewrites fields of a fixture stat line; index 0 is the state (field 3 of proc(5)). */
  const setStat = (root: string, pid: number, changes: Record<number, string | number>) => {
    const text = readFileSync(statFile(root, pid), 'utf8');
    const close = text.lastIndexOf(')');
    const f = text
      .slice(close + 2)
      .trim()
      .split(' ');
    for (const [i, v] of Object.entries(changes)) f[Number(i)] = String(v);
    writeFileSync(statFile(root, pid), `${text.slice(0, close + 2)}${f.join(' ')}\n`);
  };
  const UTIME = 11;
  const STARTTIME = 19;

  it('counts only the CPU a running process uses after the first scrape', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    await scrape(c, ctx);
    setStat(tree.root, 101, { [UTIME]: 250 + 100 });
    const f = await scrape(c, ctx);
    expect(value(f, `${N}cpu_seconds_total`, { groupname: 'nginx', mode: 'user' })).toBe(1);
  });

  it('never lets a counter go backwards when a process of the group exits', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    await scrape(c, ctx);
    setStat(tree.root, 101, { [UTIME]: 350 });
    const before = await scrape(c, ctx);
    rmSync(join(tree.root, 'proc', '101'), { recursive: true });
    const after = await scrape(c, ctx);
    expect(value(before, `${N}cpu_seconds_total`, { groupname: 'nginx', mode: 'user' })).toBe(1);
    expect(value(after, `${N}cpu_seconds_total`, { groupname: 'nginx', mode: 'user' })).toBe(1);
    expect(value(after, `${N}num_procs`, { groupname: 'nginx' })).toBe(2);
  });

  it('counts the whole life of a process that starts after the first scrape', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    await scrape(c, ctx);
    cpSync(join(tree.root, 'proc', '101'), join(tree.root, 'proc', '900'), { recursive: true });
    setStat(tree.root, 900, { [UTIME]: 50, [STARTTIME]: 600000 });
    const f = await scrape(c, ctx);
    expect(value(f, `${N}num_procs`, { groupname: 'nginx' })).toBe(4);
    expect(value(f, `${N}cpu_seconds_total`, { groupname: 'nginx', mode: 'user' })).toBe(0.5);
  });

  it("sums a new multi-threaded process's context switches over its threads", async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    rmSync(join(tree.root, 'proc', '700'), { recursive: true });
    await scrape(c, ctx);
    cpSync(join(FIXTURE, 'proc', '700'), join(tree.root, 'proc', '700'), { recursive: true });
    setStat(tree.root, 700, { [STARTTIME]: 600000 });
    const f = await scrape(c, ctx);
    const cs = (t: string) => value(f, `${N}context_switches_total`, { groupname: 'redis-106', ctxswitchtype: t });
    expect([cs('voluntary'), cs('nonvoluntary')]).toEqual([50 + 70, 5 + 7]);
  });

  it('treats a reused pid as a new process and matches it again', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    await scrape(c, ctx);
    // pid 101 exits and the kernel hands the pid to a cron job.
    const dir = join(tree.root, 'proc', '101');
    writeFileSync(join(dir, 'stat'), '101 (cron) S 400 101 101 0 -1 4194560 10 0 0 0 1 1 0 0 20 0 1 0 700000 1000 100 1 1 1\n');
    writeFileSync(join(dir, 'cmdline'), '/usr/sbin/cron\0-f\0');
    const f = await scrape(c, ctx);
    expect(value(f, `${N}num_procs`, { groupname: 'nginx' })).toBe(2);
  });

  it('drops a group whose last process exited when remove_empty_groups is on, but keeps fixed names', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES, process_options: { remove_empty_groups: true } });
    const ctx = context(tree.root);
    expect(groupsOf(await scrape(c, ctx))).toContain('app-billing');
    for (const pid of [300, 301, 302, 200]) rmSync(join(tree.root, 'proc', String(pid)), { recursive: true });
    const f = await scrape(c, ctx);
    expect(groupsOf(f)).not.toContain('app-billing');
    expect(value(f, `${N}num_procs`, { groupname: 'postgres' })).toBe(0);
  });

  it('keeps an emptied group with its totals by default', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES });
    const ctx = context(tree.root);
    await scrape(c, ctx);
    setStat(tree.root, 300, { [UTIME]: 900 });
    await scrape(c, ctx);
    for (const pid of [300, 301, 302]) rmSync(join(tree.root, 'proc', String(pid)), { recursive: true });
    const f = await scrape(c, ctx);
    expect(value(f, `${N}num_procs`, { groupname: 'app-billing' })).toBe(0);
    expect(value(f, `${N}cpu_seconds_total`, { groupname: 'app-billing', mode: 'user' })).toBe(2);
  });

  it('fails the scrape at the deadline without losing or double-counting what it had read', async () => {
    tree = copyFixture();
    const c = createProcessCollector({ process_names: NAMES, process_options: { slice_ms: 0 } });
    await scrape(c, context(tree.root));
    setStat(tree.root, 101, { [UTIME]: 350 });
    // slice_ms 0 pauses before every process; this signal reads as aborted from the 6th
    // pause on, so the walk stops part-way through the table.
    let pauses = 0;
    const signal = {
      get aborted() {
        return ++pauses > 5;
      },
    } as AbortSignal;
    await expect(c.collect(context(tree.root, { signal }))).rejects.toThrow(/stopped after 5 of 13 processes: the scrape was aborted/);
    const f = await scrape(c, context(tree.root));
    expect(value(f, `${N}cpu_seconds_total`, { groupname: 'nginx', mode: 'user' })).toBe(1);
    expect(value(f, `${N}num_procs`, { groupname: 'nginx' })).toBe(3);
    expect(value(f, `${N}num_procs`, { groupname: 'app-billing' })).toBe(3);
  });
});
