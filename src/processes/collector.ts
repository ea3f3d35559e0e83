// The process-groups collector. It is created once per config load and lives across scrapes:
// the tracker remembers each process's group and last counters, the book each group's totals.
import { join } from 'node:path';
import { parseStat as parseKernelStat } from '../collectors/stat.js';
import type { Collector, CollectContext } from '../collectors/types.js';
import type { MetricFamily } from '../metrics/model.js';
import { errorFamily, groupFamilies, refusedFamily, scrapeErrorFamilies } from './families.js';
import { GroupBook } from './groups.js';
import { knownGroupNames } from './known-groups.js';
import { compileMatchers, type Matcher } from './matcher.js';
import { readOptions, type ProcessOptions } from './options.js';
import { readProcFile } from './procfile.js';
import type { ScanErrors } from './tracker.js';
import { ProcessTracker } from './tracker.js';
import { UserNames } from './users.js';

export const COLLECTOR_NAME = 'processes';

export interface ProcessConfig {
  process_names: readonly unknown[];
  process_options?: Record<string, unknown>;
}

export function createProcessCollector(config: ProcessConfig): Collector {
  const { matchers, problems } = compileMatchers(config.process_names);
  // The config check reports these with positions at load time; reaching here with one
  // means the collector was built from an unchecked config, a programming error.
  if (problems.length) throw new Error(`process_names: ${problems.map((p) => p.message).join('; ')}`);
  return processCollector(matchers, readOptions(config.process_options));
}

/** The collector over matchers the config section already compiled. */
export function processCollector(matchers: readonly Matcher[], options: ProcessOptions): Collector {
  let users: UserNames | undefined;
  let rootfs = '/';
  const tracker = new ProcessTracker(matchers, options, () => (users ??= new UserNames(rootfs)));
  const book = new GroupBook(knownGroupNames(matchers), {
    removeEmpty: options.removeEmptyGroups,
    maxMinted: options.maxGroups,
    emptyTtlMs: options.emptyGroupTtlSeconds * 1000,
  });
  const errorTotals: ScanErrors = { exited: 0, unreadable: 0, partial: 0 };
  let failedScrapes = 0;
  let bootTime: number | undefined;
  let inflight: { deadline: number; signal: AbortSignal; result: Promise<MetricFamily[]> } | undefined;

  const collectOnce = async (ctx: CollectContext): Promise<MetricFamily[]> => {
    rootfs = ctx.paths.rootfs;
    bootTime ??= parseKernelStat(readProcFile(join(ctx.paths.procfs, 'stat'))).bootTime ?? 0;
    const scan = await tracker.scan({ procfs: ctx.paths.procfs, signal: ctx.signal, deadline: ctx.deadline });
    // Counters are folded in even from a scan that stopped early, so what those processes
    // used since the last scrape is not lost: their last readings were already advanced.
    book.record(scan.samples);
    errorTotals.exited += scan.errors.exited;
    errorTotals.unreadable += scan.errors.unreadable;
    errorTotals.partial += scan.errors.partial;
    if (scan.stopped) {
      failedScrapes++;
      throw new Error(`process table read stopped after ${scan.scanned} of ${scan.listed} processes: ${scan.stopped}`);
    }
    return [
      ...groupFamilies(book.report(scan.samples, bootTime), options),
      errorFamily(errorTotals),
      refusedFamily(book.refusedTotal),
      ...scrapeErrorFamilies(errorTotals, failedScrapes),
    ];
  };

  // The tracker's state is not safe to walk twice at once. A caller shares the walk under way
  // when that walk may run at least as long as its own would; a walk started for a shorter
  // deadline (or already aborted) could stop early and fail this caller too, so the caller
  // waits for it to end and then looks again.
  const walkFor = async (ctx: CollectContext): Promise<MetricFamily[]> => {
    const running = inflight;
    if (!running) {
      const walk = { deadline: ctx.deadline, signal: ctx.signal, result: collectOnce(ctx) };
      inflight = walk;
      void walk.result
        .finally(() => {
          if (inflight === walk) inflight = undefined;
        })
        .catch(() => undefined);
      return walk.result;
    }
    if (running.deadline >= ctx.deadline && !running.signal.aborted) return running.result;
    await running.result.catch(() => undefined);
    return walkFor(ctx);
  };

  return {
    name: COLLECTOR_NAME,
    collect(ctx) {
      return walkFor(ctx);
    },
  };
}
