// prom-client owns the Node.js runtime metrics (process_*, nodejs_*: heap, event loop lag,
// GC). They live in a private registry and are converted into our model so that one writer
// renders the whole exposition in either format.
import { collectDefaultMetrics, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { MetricFamily, MetricType, Sample } from '../metrics/model.js';
import type { Collector, CollectorDefinition } from './types.js';

export function fromPromClient(metrics: MetricObjectWithValues<MetricValue<string>>[]): MetricFamily[] {
  return metrics.map((m) => {
    const samples: Sample[] = m.values.map((v) => {
      const s: Sample = { value: v.value };
      const metricName = (v as { metricName?: string }).metricName;
      if (metricName && metricName !== m.name && metricName.startsWith(m.name)) s.suffix = metricName.slice(m.name.length);
      const labels = v.labels as Record<string, string | number> | undefined;
      let out: Record<string, string> | undefined;
      for (const k in labels) (out ??= {})[k] = String(labels[k]);
      if (out) s.labels = out;
      return s;
    });
    return { name: m.name, help: m.help, type: m.type as unknown as MetricType, samples };
  });
}

/** The event-loop delay summary is worked out at most this often. */
export const EVENT_LOOP_SUMMARY_EVERY_MS = 1000;

// Working out that summary walks the whole delay histogram (stddev and three percentiles):
// about half a millisecond, a third of a host scrape. Prometheus scrapes every few seconds
// at the most, so it is done at most once a second; a scrape sooner than that gets the last
// figures, and since the histogram is only reset when they are worked out, no delay between
// two summaries goes uncounted.
function throttleEventLoopSummary(registry: Registry): void {
  const lag = registry.getSingleMetric('nodejs_eventloop_lag_seconds') as { collect?: () => unknown } | undefined;
  const summarize = lag?.collect;
  if (!lag || !summarize) return;
  let last = -Infinity;
  lag.collect = function (this: unknown) {
    const now = performance.now();
    if (now - last < EVENT_LOOP_SUMMARY_EVERY_MS) return undefined;
    last = now;
    return summarize.call(this);
  };
}

// prom-client's CPU counters start at zero when they are registered and count only what comes
// after; client_golang's process_cpu_seconds_total is the total since the process started, and
// rules written for it (rate over a restart, CPU per request) expect that. Credit what was used
// before registration once.
function countCpuSinceStart(registry: Registry, used: NodeJS.CpuUsage): void {
  const credit = (name: string, micros: number) => {
    const c = registry.getSingleMetric(name) as { inc?: (v: number) => void } | undefined;
    c?.inc?.(micros / 1e6);
  };
  credit('process_cpu_user_seconds_total', used.user);
  credit('process_cpu_system_seconds_total', used.system);
  credit('process_cpu_seconds_total', used.user + used.system);
}

// One per process: collectDefaultMetrics starts event-loop and GC observers that live as
// long as the registry, so a config reload must reuse it rather than start more.
let shared: Collector | undefined;

export function runtimeCollectorInstance(): Collector {
  if (shared) return shared;
  const registry = new Registry();
  const before = process.cpuUsage();
  // Every default metric stays, nodejs_eventloop_lag_seconds included: its collect function
  // is also what copies monitorEventLoopDelay's min/max/mean/percentiles into their gauges,
  // and it does not hold the scrape up (the lag sample it schedules lands in the next one).
  collectDefaultMetrics({ register: registry });
  throttleEventLoopSummary(registry);
  countCpuSinceStart(registry, before);
  shared = {
    name: 'runtime',
    collect: async () => fromPromClient((await registry.getMetricsAsJSON()) as MetricObjectWithValues<MetricValue<string>>[]),
  };
  return shared;
}

export const runtimeCollector: CollectorDefinition = {
  name: 'runtime',
  defaultEnabled: true,
  description: 'Node.js process and runtime metrics of vigil itself (prom-client defaults)',
  create: () => runtimeCollectorInstance(),
};
