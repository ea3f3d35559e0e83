// Part of the orchestrator (pipeline.ts): the outputs that feed the rest of the stack, Grafana
// dashboards and the Alertmanager configuration. Both read the same models the rules come
// from, so a threshold changed in rules/ moves the alert, its dashboard line and its routing.
import { defaultNotify, emitAlertmanager, type AlertmanagerInput } from '../alertmanager/index.js';
import { DEFAULT_SEVERITY_ORDER } from './severities.js';
import { ALERTMANAGER_PATH } from '../alertmanager/emit.js';
import { renderDashboards } from '../dashboards/emit.js';
import type { HostLevels } from '../dashboards/watched.js';
import { HEALTH_METRIC } from './conventions.js';
import type { RuleFileModel } from './model.js';
import { alertmanagerView, healthMetric, ruleFileViews, type AlertView } from './views.js';

const TILE_METRICS = ['cpu_usage_percent', 'memory_usage_percent', 'disk_usage_percent'] as const;

/**
 * The levels the host overview's tiles colour by: those of the first plain threshold alert on
 * each tile's friendly metric (an alert over a window or with a narrower selector still
 * states the number people think of as "the" limit).
 */
export function hostLevels(views: readonly AlertView[]): Partial<HostLevels> {
  const out: Partial<HostLevels> = {};
  for (const metric of TILE_METRICS) {
    const a = views.find((v) => v.kind === 'threshold' && v.metric === metric && v.levels.length);
    if (a) out[metric] = a.levels.map((l) => ({ severity: l.severity, when: l.when }));
  }
  return out;
}

export function dashboardOutputs(models: readonly RuleFileModel[]): Map<string, string> {
  const ruleFiles = ruleFileViews(models);
  return renderDashboards({
    healthMetric: healthMetric(models) ?? HEALTH_METRIC,
    // A rule file without alerts or records (routing only, or health only) gets no dashboard.
    ruleFiles: ruleFiles.filter((f) => f.alerts.length || f.records.length),
    hostLevels: hostLevels(ruleFiles.flatMap((f) => f.alerts)),
    severities: models[0]?.severities ?? DEFAULT_SEVERITY_ORDER,
  });
}

export function alertmanagerInput(models: readonly RuleFileModel[]): { input: AlertmanagerInput; sources: string[] } {
  const view = alertmanagerView(models);
  const sources = models.filter((m) => m.notify).map((m) => m.source);
  const severities = models[0]?.severities ?? DEFAULT_SEVERITY_ORDER;
  return { input: { notify: view.notify ?? defaultNotify(severities), alerts: view.alerts, severities }, sources };
}

export function alertmanagerOutput(models: readonly RuleFileModel[]): [string, string] {
  const { input, sources } = alertmanagerInput(models);
  return [ALERTMANAGER_PATH, emitAlertmanager(input, { sources })];
}

/** Every stack output, path → text. */
export function stackOutputs(models: readonly RuleFileModel[]): Map<string, string> {
  const out = dashboardOutputs(models);
  const [path, text] = alertmanagerOutput(models);
  out.set(path, text);
  return out;
}
