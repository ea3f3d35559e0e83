import { describe, expect, it } from 'vitest';
import { EVENT_LOOP_SUMMARY_EVERY_MS, runtimeCollectorInstance } from '../../src/collectors/runtime.js';
import type { MetricFamily } from '../../src/metrics/model.js';
import { ctx } from '../support/host-fixture.js';

const value = (fams: MetricFamily[], name: string, suffix = '', labels: Record<string, string> = {}) => {
  const f = fams.find((x) => x.name === name);
  const s = f?.samples.find((x) => (x.suffix ?? '') === suffix && Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return s?.value;
};

describe('runtime collector (prom-client default metrics)', () => {
  it('reports live process and heap figures', async () => {
    const fams = await runtimeCollectorInstance().collect(ctx());
    expect(value(fams, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(value(fams, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1024 * 1024);
    expect(value(fams, 'process_open_fds')).toBeGreaterThan(2);
    expect(value(fams, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(fams.find((f) => f.name === 'nodejs_eventloop_lag_seconds')).toBeDefined();
  });

  it('counts CPU since the process started, as client_golang does, not since registration', async () => {
    // A few microseconds of start-up work fall between the two readings prom-client and vigil
    // take at registration: allow 10 ms, far below the CPU a test process has used by now.
    const lo = process.cpuUsage();
    expect(lo.user / 1e6).toBeGreaterThan(0.05); // the check below tells the two readings apart
    const fams = await runtimeCollectorInstance().collect(ctx());
    const hi = process.cpuUsage();
    const user = value(fams, 'process_cpu_user_seconds_total')!;
    expect(user).toBeGreaterThanOrEqual(lo.user / 1e6 - 0.01);
    expect(user).toBeLessThanOrEqual(hi.user / 1e6 + 0.01);
    const total = value(fams, 'process_cpu_seconds_total')!;
    expect(total).toBeGreaterThanOrEqual((lo.user + lo.system) / 1e6 - 0.01);
    expect(total).toBeLessThanOrEqual((hi.user + hi.system) / 1e6 + 0.01);
  });

  it('moves the event-loop delay figures when the loop was blocked', async () => {
    const collector = runtimeCollectorInstance();
    await collector.collect(ctx());
    await new Promise((r) => setTimeout(r, EVENT_LOOP_SUMMARY_EVERY_MS));
    await collector.collect(ctx());
    // Hold the loop for 120 ms inside a timer callback; monitorEventLoopDelay samples every
    // 10 ms, so its maximum since the last scrape must show most of that.
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const until = Date.now() + 120;
        while (Date.now() < until) {
          /* blocking on purpose */
        }
        resolve();
      }, 25),
    );
    await new Promise((r) => setTimeout(r, 100));
    // Within the second, the summary worked out before the block is repeated, not redone.
    const soon = await collector.collect(ctx());
    expect(value(soon, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.08);
    await new Promise((r) => setTimeout(r, EVENT_LOOP_SUMMARY_EVERY_MS));
    // A second later it is worked out again, and the block, which came before, is in it.
    const fams = await collector.collect(ctx());
    expect(value(fams, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.08);
    expect(value(fams, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    // The lag sample scheduled by the previous summary has landed in this one.
    expect(value(fams, 'nodejs_eventloop_lag_seconds')).toBeGreaterThan(0);
  });

  it('counts garbage collections', async () => {
    const collector = runtimeCollectorInstance();
    let keep: number[][] = [];
    for (let i = 0; i < 2000; i++) keep.push(new Array(1000).fill(i));
    keep = [];
    await new Promise((r) => setTimeout(r, 50));
    const fams = await collector.collect(ctx());
    const minor = value(fams, 'nodejs_gc_duration_seconds', '_count', { kind: 'minor' }) ?? 0;
    const major = value(fams, 'nodejs_gc_duration_seconds', '_count', { kind: 'major' }) ?? 0;
    expect(minor + major).toBeGreaterThan(0);
    expect(keep).toHaveLength(0);
  });
});
