// Every name, prefix, label and standard number the generated rules use, in one module of the
// bottom layer that every emitter may import (rules, tests, dashboards, Alertmanager): change
// it here and alerts, tests, routing and panels move together.
import { createHash } from 'node:crypto';

export { CATALOG, FRIENDLY_METRIC_NAMES, type FriendlyMetric, type Humanizer } from './catalog.js';

export const RULE_LANGUAGE_VERSION = 1;

export const DEFAULT_JOB = 'vigil';
/** The shipped Prometheus configs' job of vigil's per-probe scrapes (/probe?name=, from /sd/probes). */
export const PROBES_JOB = 'vigil-probes';
/** The jobs whose series vigil serves: alerts over them go quiet while their vigil is down. */
export const VIGIL_JOBS: readonly string[] = [DEFAULT_JOB, PROBES_JOB];
/**
 * The target label naming the vigil a series was scraped from (its address): set by /sd/probes
 * on the per-probe job, whose `instance` is the probe's target, and by the shipped configs'
 * relabelling on vigil's own job, so that VigilTargetDown and a probe alert can be compared.
 * src/probes/sd.ts writes the same name (the exporter does not import the compiler).
 */
export const VIGIL_LABEL = 'vigil';
/** The target label Prometheus gives every series of a scrape: the target's address. */
export const INSTANCE_LABEL = 'instance';
/** Scrape interval the lints assume unless a rule file says otherwise (prometheus/prometheus.yml). */
export const DEFAULT_SCRAPE_INTERVAL = '15s';

/** The default severities, least severe first; a rule set may declare its own (severities.ts). */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
/** A severity name: one of SEVERITIES or of the rule set's declared `severities`. */
export type Severity = string;
export const SEVERITY_LABEL = 'severity';
/** Label of an escalated alert: the severity it was raised from (escalation.ts). */
export const ESCALATED_LABEL = 'escalated_from';
/** Label names a rule file may not set itself: Prometheus or vigil owns them. */
export const RESERVED_LABELS = ['alertname', 'alertstate', SEVERITY_LABEL, ESCALATED_LABEL, '__name__'];
/** Label vmalert adds to every alert (and its ALERTS series): the rule group's name. */
export const VMALERT_GROUP_LABEL = 'alertgroup';

/** Health status per instance: 0 green, 1 yellow (a warning fires), 2 red (a critical fires). */
export const HEALTH_METRIC = 'vigil:health:status';
export const HEALTH_GROUP = 'vigil-health';
/** Health score per instance, 0 (worst) to 100 (nothing fires): judges/health-score.ts. */
export const HEALTH_SCORE_METRIC = 'vigil:health:score';
/** Minimum `for` of absence alerts: a single missed scrape must not page anyone. */
export const ABSENCE_MIN_FOR = '5m';
/** Window of absent_over_time when a rule does not give one. */
export const ABSENCE_WINDOW = '5m';

// ---- SLOs: the multi-window, multi-burn-rate scheme of the Google SRE workbook, chapter 5.
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export interface BurnRateAlert {
  severity: Severity;
  /** Each pair fires when both its short and long window burn faster than factor × budget. */
  pairs: { short: string; long: string; factor: number }[];
  for: string;
}
export const SLO_BURN_ALERTS: readonly BurnRateAlert[] = [
  {
    severity: 'critical',
    for: '2m',
    pairs: [
      { short: '5m', long: '1h', factor: 14.4 },
      { short: '30m', long: '6h', factor: 6 },
    ],
  },
  {
    severity: 'warning',
    for: '15m',
    pairs: [
      { short: '2h', long: '1d', factor: 3 },
      { short: '6h', long: '3d', factor: 1 },
    ],
  },
];
export const SLO_DEFAULT_PERIOD = '30d';
export const SLO_LABEL = 'slo';
export const sloRecord = {
  errors: 'slo:errors:rate5m',
  requests: 'slo:requests:rate5m',
  errorRatio: (window: string) => `slo:error_ratio:rate${window}`,
  budgetRemaining: 'slo:error_budget_remaining:ratio',
};

// ---- Anomaly baselines.
export const ANOMALY_DEFAULT_DEVIATIONS = 3;
export const SEASONS: Record<string, string> = { daily: '1d', weekly: '1w' };
export const anomalyRecord = (alert: string) => {
  const s = snake(alert);
  return {
    value: `anomaly:${s}:value`,
    mean: `anomaly:${s}:baseline_mean`,
    stddev: `anomaly:${s}:baseline_stddev`,
    median: `anomaly:${s}:baseline_median`,
    spread: `anomaly:${s}:baseline_spread`,
  };
};
/**
 * Evaluation interval the baseline-length check assumes when a group sets none: the shipped
 * prometheus/prometheus.yml's global evaluation_interval.
 */
export const DEFAULT_EVALUATION_INTERVAL = '15s';

// ---- Files.
export const RULES_DIR = 'rules';
/** Where the shipped Kubernetes deployment keeps its PrometheusRule objects (under prometheus/operator/). */
export const KUBERNETES_DEPLOY_DIR = 'deploy/kubernetes';
export const rulesOutput = (name: string) => `prometheus/rules/${name}.rules.yml`;
export const testsOutput = (name: string) => `prometheus/tests/${name}.test.yml`;
export const operatorOutput = (name: string) => `prometheus/operator/${name}.prometheusrule.yml`;

export function generatedHeader(source: string, what: string): string {
  return `# Generated by \`vigil compile\` from ${source}: ${what}.\n# DO NOT EDIT: change ${source} and run \`vigil compile\`.\n`;
}

// ---- Names.
/** "HostCpuHigh" → "host_cpu_high" (recording rule names). */
export function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
}
/** "HostCpuHigh" → "host-cpu-high" (label values people read). */
export function kebab(name: string): string {
  return snake(name).replace(/_/g, '-');
}

// ---- Notifications.
/** Receivers of the routing used when no rule file has a `notify` part (alertmanager/defaults.ts). */
export const DEFAULT_RECEIVERS = ['oncall', 'team', 'info'] as const;

/**
 * A secret file as the rules may name it: a plain file name in prometheus/secrets/ (the
 * directory prefix may be written). Returns the name within it, or undefined when the name
 * points elsewhere; the checker and the Alertmanager emitter both ask here.
 */
export function secretFileBase(name: string): string | undefined {
  const base = name.replace(/^(\.\/)?(prometheus\/)?secrets\//, '');
  return base === '' || base.includes('/') || base.startsWith('.') ? undefined : base;
}
export const SECRET_FILE_RULE = {
  code: 'notify.secret-path',
  message: (name: string) => `secret file "${name}" must be a plain file name in prometheus/secrets/`,
  hint: 'write e.g. smtp-password, and put the file in prometheus/secrets/',
} as const;

const MAX_UID = 40;
/**
 * The Grafana uid of the dashboard of one rule file (`rules/host.yaml` → `vigil-rules-host`).
 * Grafana caps a uid at 40 characters: long names keep a readable prefix and a hash.
 */
export function ruleDashboardUid(ruleFile: string): string {
  const base = ruleFile.replace(/^.*\//, '');
  const slug =
    base
      .toLowerCase()
      .replace(/\.(ya?ml)$/, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'rules';
  const uid = `vigil-rules-${slug}`;
  if (uid.length <= MAX_UID) return uid;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, 8);
  return `${uid.slice(0, MAX_UID - 9).replace(/-+$/, '')}-${hash}`;
}

/** Numbers in generated PromQL: 14.4 × 0.001 prints as 0.0144, not 0.014400000000000001. */
export function promNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  return String(Number(n.toPrecision(12)));
}
