// Group defaults merged into each alert, the one place that decides which setting wins
// (the alert's own, then its group's, then vigil's), so validation and the model agree.
import { DEFAULT_SEVERITY_ORDER, defaultSeverityOf } from './severities.js';
import { parseDuration } from './duration.js';
import type { FriendlyMetric } from './catalog.js';
import type { Resolved } from './resolved.js';
import type { AlertSpec, GroupSpec, SelectorSpec } from './spec.js';
import { watchOf } from './watch/index.js';

export type { Resolved } from './resolved.js';

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
    forMs: forText ? (parseDuration(forText) ?? 0) : 0,
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

/** The catalog's friendly metric an alert watches (`metric:`, the probe shorthands, target_down). */
export function friendlyMetricOf(a: AlertSpec): FriendlyMetric | undefined {
  return watchOf(a)?.friendly?.(a);
}

/** Labels a selector may narrow for this alert, or undefined when any label goes. */
export function selectableLabels(a: AlertSpec): string[] | undefined {
  return watchOf(a)?.selectable(a);
}
