// Group defaults merged into each alert, the one place that decides which setting wins
// (the alert's own, then its group's, then vigil's), so validation and the model agree.
import { CATALOG, type FriendlyMetric, type Severity } from './conventions.js';
import { DEFAULT_SEVERITY_ORDER, defaultSeverityOf } from './severities.js';
import { parseDuration } from './duration.js';
import type { AlertSpec, GroupSpec, MatcherSpec, SelectorSpec } from './spec.js';

export interface Resolved {
  severity: Severity;
  /** The rule set's severities, least severe first. */
  order: readonly string[];
  forMs: number;
  forExplicit: boolean;
  cooldown?: string;
  labels: Record<string, string>;
  /** Matchers that apply to what this alert watches (defaults that make no sense for it dropped). */
  selector: SelectorSpec;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** The friendly metric watched (for `metric:` and probe shorthands). */
  metric?: FriendlyMetric;
}

export const PROBE_METRICS: Record<string, string> = {
  failing: 'probe_success',
  slow: 'probe_latency_seconds',
  cert_expiring: 'probe_cert_expiry_seconds',
};

export function friendlyMetricOf(a: AlertSpec): FriendlyMetric | undefined {
  if (a.metric) return CATALOG.get(a.metric);
  if (a.probe) return CATALOG.get(PROBE_METRICS[a.probe]!);
  if (a.target_down) return CATALOG.get('target_up');
  return undefined;
}

/** Labels a selector may narrow for this alert, or undefined when any label goes. */
export function selectableLabels(a: AlertSpec): string[] | undefined {
  const m = friendlyMetricOf(a);
  if (m) return ['instance', 'job', ...m.selectable];
  if (a.expr !== undefined) return [];
  if (a.ratio && 'total' in a.ratio) return [];
  if (a.slo?.events) return [];
  return undefined;
}

export function resolve(group: GroupSpec, a: AlertSpec, order: readonly string[] = DEFAULT_SEVERITY_ORDER): Resolved {
  const d = group.defaults ?? {};
  const allowed = selectableLabels(a);
  const selector: SelectorSpec = {};
  for (const [k, v] of Object.entries(d.selector ?? {})) if (!allowed || allowed.includes(k)) selector[k] = v;
  Object.assign(selector, a.selector ?? {});
  const forText = a.for ?? d.for;
  const r: Resolved = {
    severity: a.severity ?? d.severity ?? defaultSeverityOf(order),
    order,
    forMs: forText ? parseDuration(forText) ?? 0 : 0,
    forExplicit: a.for !== undefined,
    labels: { ...(d.labels ?? {}), ...(a.labels ?? {}) },
    selector,
  };
  const cooldown = a.cooldown ?? d.cooldown;
  if (cooldown) r.cooldown = cooldown;
  const runbook = a.runbook_url ?? d.runbook_url;
  if (runbook) r.runbookUrl = runbook.replace(/\{alert\}/g, a.alert);
  if (d.dashboard_url && a.dashboard !== false) r.dashboardUrl = d.dashboard_url.replace(/\/+$/, '');
  const metric = friendlyMetricOf(a);
  if (metric) r.metric = metric;
  return r;
}

/** `{job="vigil", mountpoint=~"/data.*"}` matchers of a selector, in label order. */
export function matcherStrings(sel: SelectorSpec): string[] {
  return Object.keys(sel).sort().map((k) => matcherString(k, sel[k]!));
}

export function matcherString(label: string, m: MatcherSpec): string {
  if (typeof m === 'string') return `${label}=${JSON.stringify(m)}`;
  if ('regex' in m) return `${label}=~${JSON.stringify(m.regex)}`;
  if ('not_regex' in m) return `${label}!~${JSON.stringify(m.not_regex)}`;
  return `${label}!=${JSON.stringify(m.not)}`;
}

/** Whether a label value satisfies a matcher (anchored, as PromQL anchors regexes). */
export function matches(value: string, m: MatcherSpec): boolean {
  if (typeof m === 'string') return value === m;
  if ('regex' in m) return safeRegex(m.regex)?.test(value) ?? false;
  if ('not_regex' in m) return !(safeRegex(m.not_regex)?.test(value) ?? true);
  return value !== m.not;
}

function safeRegex(re: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    return undefined;
  }
}
