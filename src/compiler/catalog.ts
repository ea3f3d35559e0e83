// The friendly metrics a rule file may name (`metric: cpu_usage_percent`), each with its
// PromQL over the metric names vigil exports (node_exporter, process-exporter and
// blackbox_exporter names), its unit, the labels a selector may narrow, and how to build input
// series that make it read a given value, which is what the generated promtool tests feed in.
// The dashboard emitter reads the same table, so a panel shows what the alert watches.
import { DISK_FS_MATCHER } from '../collectors/fs-types.js';
import { quantileSample } from './histogram-sample.js';
import { counter, gauge, rateAt, valueAt, type InputSeries, type Labels, type Signal } from './series.js';

/** Prometheus template function that prints a value of this unit. */
export type Humanizer = 'humanize' | 'humanize1024' | 'humanizePercentage' | 'humanizeDuration';

/** Renders `{a="b", ...}` from extra matchers and the alert's selector (or '' when none). */
export type MatcherFn = (...extra: string[]) => string;

export interface Sample {
  series: InputSeries[];
  /** What the metric's PromQL evaluates to at minute t, undefined when it has no result yet. */
  value(t: number): number | undefined;
}

/**
 * The rate window of a friendly metric over counters. `fullSamples` keeps only rates whose
 * window holds that many samples: a window reaching into a scrape gap has too few, and its
 * rate (extrapolated over the whole window) reads low, which would clear a firing alert.
 */
export interface RateWindow {
  range: string;
  minutes: number;
  fullSamples?: number;
}
/** What friendly metrics used before rate windows followed the alert's `for` (trends and anomalies keep it). */
export const LEGACY_RATE: RateWindow = { range: '5m', minutes: 5 };

export interface FriendlyMetric {
  name: string;
  help: string;
  /** Grafana unit id. */
  unit: string;
  humanize: Humanizer;
  /** Printed after a humanized value ("%" for percentages on a 0-100 scale). */
  suffix: string;
  /** A fraction in [0, 1]: thresholds may be written "5%". */
  fraction?: boolean;
  /** Labels a selector may narrow, besides instance and job. */
  selectable: string[];
  /** Labels the result carries; alerts may use them in templates and inhibitions. */
  keep: string[];
  /** Values the metric can take, so generated tests stay realistic. */
  domain: { min?: number; max?: number; values?: number[]; integer?: boolean };
  /** Labels of generated sample series, before the selector's exact values override them. */
  sampleLabels: Labels;
  /** A counter underneath (rate windows): trends need a subquery, not a range selector. */
  selector?: string;
  /** Its value is a rate over counters (the rate window is part of how late it sees a change). */
  rateBased?: boolean;
  promql(m: MatcherFn, w?: RateWindow): string;
  sample(v: Signal, steps: number, labels: Labels, w?: RateWindow): Sample;
}

/** `rate(x[R])`, kept only when its window is full (see RateWindow). */
function rate(series: string, w: RateWindow): string {
  const r = `rate(${series}[${w.range}])`;
  return w.fullSamples ? `(${r} and count_over_time(${series}[${w.range}]) >= ${w.fullSamples})` : r;
}

const FS_TYPES = DISK_FS_MATCHER;
const HOST = ['instance', 'job'];

const percentDomain = { min: 0, max: 100 };
const nonNegative = { min: 0 };

function defineGauge(base: Omit<FriendlyMetric, 'promql' | 'sample'>, metric: string, extra: string[] = []): FriendlyMetric {
  return {
    ...base,
    selector: metric,
    promql: (m) => `${metric}${m(...extra)}`,
    sample: (v, steps, labels) => {
      const s = gauge(metric, labels, v, steps);
      return { series: [s], value: (t) => valueAt(s, t) };
    },
  };
}

/**
 * A "share in use" percentage from a free and a total gauge: 100 * (1 - free / total). Test
 * input is a total of `size` bytes and a free gauge that makes the wanted percentage.
 * `guardTotal` drops series whose total is 0 (a host without swap) instead of dividing by it.
 */
function defineUsedPercent(
  base: Omit<FriendlyMetric, 'promql' | 'sample'>,
  o: { free: string; total: string; size: number; extra?: string[]; guardTotal?: boolean },
): FriendlyMetric {
  const extra = o.extra ?? [];
  return {
    ...base,
    promql: (m) => {
      const total = `${o.total}${m(...extra)}`;
      return `100 * (1 - ${o.free}${m(...extra)} / ${o.guardTotal ? `(${total} > 0)` : total})`;
    },
    sample: (v, steps, labels) => {
      const free = gauge(o.free, labels, (t) => o.size * (1 - v(t) / 100), steps);
      const total = gauge(o.total, labels, () => o.size, steps);
      return { series: [free, total], value: (t) => 100 * (1 - free.values[t]! / o.size) };
    },
  };
}

const entries: FriendlyMetric[] = [
  {
    name: 'cpu_usage_percent',
    help: 'CPU busy time (all modes but idle, iowait and steal) as a percentage of all CPUs, per host',
    unit: 'percent',
    humanize: 'humanize',
    suffix: '%',
    selectable: [],
    keep: HOST,
    domain: percentDomain,
    sampleLabels: {},
    rateBased: true,
    promql: (m, w = LEGACY_RATE) =>
      `100 * sum by (instance, job) (${rate(`node_cpu_seconds_total${m('mode!~"idle|iowait|steal"')}`, w)})` +
      ` / count by (instance, job) (node_cpu_seconds_total${m('mode="idle"')})`,
    sample: (v, steps, labels, w = LEGACY_RATE) => {
      const busy = counter('node_cpu_seconds_total', { ...labels, cpu: '0', mode: 'user' }, (t) => v(t) / 100, steps);
      const idle = counter(
        'node_cpu_seconds_total',
        { ...labels, cpu: '0', mode: 'idle' },
        (t) => Math.max(0, Number((1 - v(t) / 100).toPrecision(12))),
        steps,
      );
      return {
        series: [busy, idle],
        value: (t) => {
          const r = rateAt(busy, w.minutes, t);
          return r === undefined ? undefined : (100 * r) / 1;
        },
      };
    },
  },
  defineUsedPercent(
    {
      name: 'memory_usage_percent',
      help: 'Memory in use (total minus available) as a percentage of total memory',
      unit: 'percent',
      humanize: 'humanize',
      suffix: '%',
      selectable: [],
      keep: HOST,
      domain: percentDomain,
      sampleLabels: {},
    },
    { free: 'node_memory_MemAvailable_bytes', total: 'node_memory_MemTotal_bytes', size: 8 * 2 ** 30 },
  ),
  defineGauge(
    {
      name: 'memory_available_bytes',
      help: 'Memory available for new work without swapping (MemAvailable)',
      unit: 'bytes',
      humanize: 'humanize1024',
      suffix: 'B',
      selectable: [],
      keep: HOST,
      domain: nonNegative,
      sampleLabels: {},
    },
    'node_memory_MemAvailable_bytes',
  ),
  defineUsedPercent(
    {
      name: 'swap_usage_percent',
      help: 'Swap in use as a percentage of swap space; no result on hosts without swap',
      unit: 'percent',
      humanize: 'humanize',
      suffix: '%',
      selectable: [],
      keep: HOST,
      domain: percentDomain,
      sampleLabels: {},
    },
    { free: 'node_memory_SwapFree_bytes', total: 'node_memory_SwapTotal_bytes', size: 2 * 2 ** 30, guardTotal: true },
  ),
  defineUsedPercent(
    {
      name: 'disk_usage_percent',
      help: 'Filesystem space in use as a percentage of its size (pseudo filesystems excluded)',
      unit: 'percent',
      humanize: 'humanize',
      suffix: '%',
      selectable: ['mountpoint', 'device', 'fstype'],
      keep: ['device', 'fstype', 'instance', 'job', 'mountpoint'],
      domain: percentDomain,
      sampleLabels: { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' },
    },
    { free: 'node_filesystem_avail_bytes', total: 'node_filesystem_size_bytes', size: 100 * 2 ** 30, extra: [FS_TYPES] },
  ),
  defineGauge(
    {
      name: 'disk_available_bytes',
      help: 'Filesystem space available to unprivileged users',
      unit: 'bytes',
      humanize: 'humanize1024',
      suffix: 'B',
      selectable: ['mountpoint', 'device', 'fstype'],
      keep: ['device', 'fstype', 'instance', 'job', 'mountpoint'],
      domain: {},
      sampleLabels: { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' },
    },
    'node_filesystem_avail_bytes',
    [FS_TYPES],
  ),
  {
    name: 'load_per_cpu',
    help: '5-minute load average divided by the number of CPUs',
    unit: 'short',
    humanize: 'humanize',
    suffix: '',
    selectable: [],
    keep: HOST,
    domain: nonNegative,
    sampleLabels: {},
    promql: (m) => `node_load5${m()} / on (instance, job) count by (instance, job) (node_cpu_seconds_total${m('mode="idle"')})`,
    sample: (v, steps, labels) => {
      const load = gauge('node_load5', labels, (t) => v(t) * 2, steps);
      const cpus = [0, 1].map((c) => counter('node_cpu_seconds_total', { ...labels, cpu: String(c), mode: 'idle' }, () => 1, steps));
      return { series: [load, ...cpus], value: (t) => load.values[t]! / 2 };
    },
  },
  {
    name: 'network_errors_per_second',
    help: 'Receive plus transmit errors per second, per network device',
    unit: 'short',
    humanize: 'humanize',
    suffix: '/s',
    selectable: ['device'],
    keep: ['device', 'instance', 'job'],
    domain: nonNegative,
    sampleLabels: { device: 'eth0' },
    rateBased: true,
    promql: (m, w = LEGACY_RATE) =>
      `sum by (instance, job, device) (${rate(`node_network_receive_errs_total${m()}`, w)} + ${rate(`node_network_transmit_errs_total${m()}`, w)})`,
    sample: (v, steps, labels, w = LEGACY_RATE) => {
      const rx = counter('node_network_receive_errs_total', labels, v, steps);
      const tx = counter('node_network_transmit_errs_total', labels, () => 0, steps);
      return {
        series: [rx, tx],
        value: (t) => {
          const a = rateAt(rx, w.minutes, t);
          const b = rateAt(tx, w.minutes, t);
          return a === undefined || b === undefined ? undefined : a + b;
        },
      };
    },
  },
  // Request metrics, from vigil's own access-log tailing (`logs:`) or any client that counts
  // http_requests_total{code}: "5xx above 5 %" and "more than 100 requests a second" in one line.
  {
    name: 'http_requests_per_second',
    help: "Requests per second, per access log (vigil's logs:) or per app counting http_requests_total",
    unit: 'reqps',
    humanize: 'humanize',
    suffix: '/s',
    selectable: ['log', 'code', 'method'],
    keep: ['instance', 'job', 'log'],
    domain: nonNegative,
    sampleLabels: { log: 'web' },
    rateBased: true,
    promql: (m, w = LEGACY_RATE) => `sum by (instance, job, log) (${rate(`http_requests_total${m()}`, w)})`,
    sample: (v, steps, labels, w = LEGACY_RATE) => {
      const c = counter('http_requests_total', { ...labels, method: 'GET', code: '200' }, v, steps);
      return { series: [c], value: (t) => rateAt(c, w.minutes, t) };
    },
  },
  {
    name: 'http_error_ratio',
    help: 'Share of requests answered 5xx, per access log or app (NaN-safe: no traffic is no error)',
    unit: 'percentunit',
    humanize: 'humanizePercentage',
    suffix: '',
    fraction: true,
    selectable: ['log', 'method'],
    keep: ['instance', 'job', 'log'],
    domain: { min: 0, max: 1 },
    sampleLabels: { log: 'web' },
    rateBased: true,
    promql: (m, w = LEGACY_RATE) => {
      const total = `sum by (instance, job, log) (${rate(`http_requests_total${m()}`, w)})`;
      const errors = `sum by (instance, job, log) (${rate(`http_requests_total${m('code=~"5.."')}`, w)})`;
      // A window with requests but no 5xx has no error series: it reads 0, not nothing; a
      // window with no requests at all reads nothing (the alert stays quiet, not NaN).
      return `(${errors} or 0 * ${total}) / (${total} > 0)`;
    },
    sample: (v, steps, labels, w = LEGACY_RATE) => {
      // One request a second in all: the share v(t) of it answered 500.
      const bad = counter('http_requests_total', { ...labels, method: 'GET', code: '500' }, v, steps);
      const good = counter('http_requests_total', { ...labels, method: 'GET', code: '200' }, (t) => 1 - v(t), steps);
      return {
        series: [bad, good],
        value: (t) => {
          const b = rateAt(bad, w.minutes, t);
          const g = rateAt(good, w.minutes, t);
          return b === undefined || g === undefined || b + g <= 0 ? undefined : b / (b + g);
        },
      };
    },
  },
  {
    name: 'http_request_duration_p95_seconds',
    help: "95th percentile of request duration, per access log (vigil's logs:) or per app with an http_request_duration_seconds histogram",
    unit: 's',
    humanize: 'humanizeDuration',
    suffix: '',
    selectable: ['log'],
    keep: ['instance', 'job', 'log'],
    domain: { min: 0.01, max: 9 },
    sampleLabels: { log: 'web' },
    rateBased: true,
    promql: (m, w = LEGACY_RATE) =>
      `histogram_quantile(0.95, sum by (le, instance, job, log) (${rate(`http_request_duration_seconds_bucket${m()}`, w)}))`,
    sample: (v, steps, labels, w = LEGACY_RATE) => quantileSample('http_request_duration_seconds', 0.95, v, steps, labels, w.minutes),
  },
  {
    name: 'clock_skew_seconds',
    help: "Difference between the host's clock and the time Prometheus scraped it",
    unit: 's',
    humanize: 'humanizeDuration',
    suffix: '',
    selectable: [],
    keep: HOST,
    domain: nonNegative,
    sampleLabels: {},
    promql: (m) => `abs(node_time_seconds${m()} - timestamp(node_time_seconds${m()}))`,
    sample: (v, steps, labels) => {
      const s = gauge('node_time_seconds', labels, (t) => t * 60 + v(t), steps);
      return { series: [s], value: (t) => Math.abs(s.values[t]! - t * 60) };
    },
  },
  defineGauge(
    {
      name: 'process_count',
      help: 'Processes in a named process group',
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: ['groupname'],
      keep: ['groupname', 'instance', 'job'],
      domain: { min: 0, integer: true },
      sampleLabels: { groupname: 'app' },
    },
    'namedprocess_namegroup_num_procs',
  ),
  defineGauge(
    {
      name: 'process_memory_bytes',
      help: 'Resident memory of a named process group',
      unit: 'bytes',
      humanize: 'humanize1024',
      suffix: 'B',
      selectable: ['groupname'],
      keep: ['groupname', 'instance', 'job', 'memtype'],
      domain: nonNegative,
      sampleLabels: { groupname: 'app', memtype: 'resident' },
    },
    'namedprocess_namegroup_memory_bytes',
    ['memtype="resident"'],
  ),
  defineGauge(
    {
      name: 'process_open_fds',
      help: 'Open file descriptors of a named process group',
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: ['groupname'],
      keep: ['groupname', 'instance', 'job'],
      domain: nonNegative,
      sampleLabels: { groupname: 'app' },
    },
    'namedprocess_namegroup_open_filedesc',
  ),
  defineGauge(
    {
      name: 'process_fd_usage_ratio',
      help: 'Open file descriptors over the limit, for the worst process of a group',
      unit: 'percentunit',
      humanize: 'humanizePercentage',
      suffix: '',
      fraction: true,
      selectable: ['groupname'],
      keep: ['groupname', 'instance', 'job'],
      domain: { min: 0, max: 1 },
      sampleLabels: { groupname: 'app' },
    },
    'namedprocess_namegroup_worst_fd_ratio',
  ),
  {
    name: 'process_cpu_percent',
    help: 'CPU time of a named process group as a percentage of one CPU',
    unit: 'percent',
    humanize: 'humanize',
    suffix: '%',
    selectable: ['groupname'],
    keep: ['groupname', 'instance', 'job'],
    domain: nonNegative,
    sampleLabels: { groupname: 'app' },
    rateBased: true,
    promql: (m, w = LEGACY_RATE) =>
      `100 * sum by (instance, job, groupname) (${rate(`namedprocess_namegroup_cpu_seconds_total${m()}`, w)})`,
    sample: (v, steps, labels, w = LEGACY_RATE) => {
      const c = counter('namedprocess_namegroup_cpu_seconds_total', { ...labels, mode: 'user' }, (t) => v(t) / 100, steps);
      return {
        series: [c],
        value: (t) => {
          const r = rateAt(c, w.minutes, t);
          return r === undefined ? undefined : 100 * r;
        },
      };
    },
  },
  defineGauge(
    {
      name: 'probe_success',
      help: '1 when the configured probe succeeded, 0 when it failed',
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: ['probe', 'kind'],
      keep: ['instance', 'job', 'kind', 'probe'],
      domain: { values: [0, 1] },
      sampleLabels: { probe: 'api', kind: 'http' },
    },
    'probe_success',
  ),
  defineGauge(
    {
      name: 'probe_latency_seconds',
      help: 'How long the whole probe took',
      unit: 's',
      humanize: 'humanizeDuration',
      suffix: '',
      selectable: ['probe', 'kind'],
      keep: ['instance', 'job', 'kind', 'probe'],
      domain: nonNegative,
      sampleLabels: { probe: 'api', kind: 'http' },
    },
    'probe_duration_seconds',
  ),
  defineGauge(
    {
      name: 'probe_http_status_code',
      help: 'HTTP status code of the last probe (0 when no response)',
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: ['probe'],
      keep: ['instance', 'job', 'kind', 'probe'],
      domain: { min: 0, max: 599 },
      sampleLabels: { probe: 'api', kind: 'http' },
    },
    'probe_http_status_code',
  ),
  {
    name: 'probe_cert_expiry_seconds',
    help: 'Seconds until the earliest certificate of the probed chain expires',
    unit: 's',
    humanize: 'humanizeDuration',
    suffix: '',
    selectable: ['probe', 'kind'],
    keep: ['instance', 'job', 'kind', 'probe'],
    domain: {},
    sampleLabels: { probe: 'api', kind: 'http' },
    promql: (m) => `probe_ssl_earliest_cert_expiry${m()} - time()`,
    sample: (v, steps, labels) => {
      const s = gauge('probe_ssl_earliest_cert_expiry', labels, (t) => v(t) + t * 60, steps);
      return { series: [s], value: (t) => s.values[t]! - t * 60 };
    },
  },
  defineGauge(
    {
      name: 'collector_success',
      help: "1 when vigil's collector succeeded in the last scrape, 0 when it failed or timed out",
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: ['collector'],
      keep: ['collector', 'instance', 'job'],
      domain: { values: [0, 1] },
      sampleLabels: { collector: 'cpu' },
    },
    'vigil_scrape_collector_success',
  ),
  defineGauge(
    {
      name: 'collector_duration_seconds',
      help: "How long vigil's collector took in the last scrape",
      unit: 's',
      humanize: 'humanizeDuration',
      suffix: '',
      selectable: ['collector'],
      keep: ['collector', 'instance', 'job'],
      domain: nonNegative,
      sampleLabels: { collector: 'cpu' },
    },
    'vigil_scrape_collector_duration_seconds',
  ),
  defineGauge(
    {
      name: 'target_up',
      help: '1 when Prometheus scraped the target, 0 when the scrape failed',
      unit: 'short',
      humanize: 'humanize',
      suffix: '',
      selectable: [],
      keep: HOST,
      domain: { values: [0, 1] },
      sampleLabels: {},
    },
    'up',
  ),
];

export const CATALOG: ReadonlyMap<string, FriendlyMetric> = new Map(entries.map((e) => [e.name, e]));
export const FRIENDLY_METRIC_NAMES: readonly string[] = entries.map((e) => e.name);
