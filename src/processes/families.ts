// process-exporter's metric names, types and labels, so its dashboards and alerts work on
// vigil unchanged. Per-thread-name families (namedprocess_namegroup_thread_*) are not
// produced; see docs/processes.md.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { STATE_NAMES, type GroupStats } from './groups.js';
import { USER_HZ } from './parse/uptime.js';
import type { ScanErrors } from './tracker.js';

const P = 'namedprocess_namegroup_';

export function groupFamilies(groups: readonly GroupStats[], opts: { gatherSmaps: boolean; threadsWchan: boolean }): MetricFamily[] {
  const per = (value: (g: GroupStats) => number): Sample[] => groups.map((g) => ({ labels: { groupname: g.name }, value: value(g) }));
  const memory: Sample[] = [];
  for (const g of groups) {
    const l = (memtype: string, value: number) => memory.push({ labels: { groupname: g.name, memtype }, value });
    l('resident', g.residentBytes);
    l('virtual', g.virtualBytes);
    l('swapped', g.swapBytes);
    if (opts.gatherSmaps) {
      l('proportionalResident', g.pssBytes);
      l('proportionalSwapped', g.swapPssBytes);
    }
  }
  const wchan: Sample[] = [];
  if (opts.threadsWchan) {
    for (const g of groups) {
      for (const w of [...g.wchans.keys()].sort()) wchan.push({ labels: { groupname: g.name, wchan: w }, value: g.wchans.get(w)! });
    }
  }
  return [
    gauge(
      `${P}num_procs`,
      'Number of processes in this group.',
      per((g) => g.procs),
    ),
    counter(
      `${P}cpu_seconds_total`,
      'CPU time used by the processes of this group, by mode, in seconds.',
      groups.flatMap((g) => [
        { labels: { groupname: g.name, mode: 'user' }, value: g.counts.userTicks / USER_HZ },
        { labels: { groupname: g.name, mode: 'system' }, value: g.counts.systemTicks / USER_HZ },
      ]),
    ),
    counter(
      `${P}read_bytes_total`,
      'Bytes this group read from storage.',
      per((g) => g.counts.readBytes),
    ),
    counter(
      `${P}write_bytes_total`,
      'Bytes this group wrote to storage.',
      per((g) => g.counts.writeBytes),
    ),
    counter(
      `${P}major_page_faults_total`,
      'Major page faults of this group.',
      per((g) => g.counts.majorFaults),
    ),
    counter(
      `${P}minor_page_faults_total`,
      'Minor page faults of this group.',
      per((g) => g.counts.minorFaults),
    ),
    counter(
      `${P}context_switches_total`,
      'Context switches of this group, voluntary and nonvoluntary.',
      groups.flatMap((g) => [
        { labels: { groupname: g.name, ctxswitchtype: 'voluntary' }, value: g.counts.voluntarySwitches },
        { labels: { groupname: g.name, ctxswitchtype: 'nonvoluntary' }, value: g.counts.nonvoluntarySwitches },
      ]),
    ),
    gauge(`${P}memory_bytes`, 'Memory of this group in bytes, by type.', memory),
    gauge(
      `${P}open_filedesc`,
      'Open file descriptors of this group.',
      per((g) => g.openFds),
    ),
    gauge(
      `${P}worst_fd_ratio`,
      'The highest ratio of open file descriptors to the soft limit among the processes of this group.',
      per((g) => g.worstFdRatio),
    ),
    gauge(
      `${P}oldest_start_time_seconds`,
      'Start time of the oldest process in this group, in seconds since the epoch (0 when it has none).',
      per((g) => g.oldestStartSeconds),
    ),
    gauge(
      `${P}num_threads`,
      'Threads of the processes of this group.',
      per((g) => g.threads),
    ),
    gauge(
      `${P}states`,
      'Threads of this group in each state: Running, Sleeping, Waiting (uninterruptible), Zombie or Other.',
      groups.flatMap((g) => STATE_NAMES.map((state) => ({ labels: { groupname: g.name, state }, value: g.states[state] }))),
    ),
    ...(opts.threadsWchan ? [gauge(`${P}threads_wchan`, 'Number of threads in this group waiting on each wchan.', wchan)] : []),
  ];
}

/**
 * process-exporter's own error counters, which its dashboards read (their $instance variable
 * comes from namedprocess_scrape_errors). scrapes: scrapes that collected nothing.
 */
export function scrapeErrorFamilies(totals: ScanErrors, failedScrapes: number): MetricFamily[] {
  return [
    counter('namedprocess_scrape_errors', 'general scrape errors: no proc metrics collected during a cycle', [{ value: failedScrapes }]),
    counter(
      'namedprocess_scrape_partial_errors',
      "incremented each time a tracked proc's metrics collection fails partially, e.g. unreadable I/O stats",
      [{ value: totals.partial }],
    ),
    counter('namedprocess_scrape_procread_errors', "incremented each time a proc's metrics collection fails", [
      { value: totals.unreadable },
    ]),
  ];
}

export function errorFamily(totals: ScanErrors): MetricFamily {
  return counter(
    'vigil_process_read_errors_total',
    'Process reads that failed and were skipped, by reason: exited (raced with the process exit), unreadable (stat, status or cmdline), partial (io, fd, limits or smaps_rollup).',
    (['exited', 'unreadable', 'partial'] as const).map((reason) => ({ labels: { reason }, value: totals[reason] })),
  );
}

export function refusedFamily(total: number): MetricFamily {
  return counter(
    'vigil_process_groups_refused_total',
    'New process groups named by the process that were not created because process_options.max_groups was reached (each name counted once per spell of refusal).',
    [{ value: total }],
  );
}
