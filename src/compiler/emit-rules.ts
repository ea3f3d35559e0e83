// Model → rule file (prometheus/rules/<file>.rules.yml, or <target>/rules/ for another
// engine: targets.ts). Pure and deterministic: the same model gives the same bytes, so
// `vigil compile --check` can compare.
import { DEFAULT_EVALUATION_INTERVAL, ESCALATED_LABEL, HEALTH_GROUP, SEVERITY_LABEL, generatedHeader } from './conventions.js';
import { cooldownExpr } from './cooldown-expr.js';
import { formatDuration } from './duration.js';
import type { AlertModel, RuleFileModel } from './model.js';
import { DEFAULT_TARGET, TARGET_INFO, type Target } from './targets.js';
import { dumpYaml } from './yaml-out.js';

export interface PromRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface PromGroup {
  name: string;
  interval?: string;
  rules: PromRule[];
}

export function ruleGroups(model: RuleFileModel, target: Target = DEFAULT_TARGET): PromGroup[] {
  const groups: PromGroup[] = model.groups.map((g) => {
    // Records first: Prometheus evaluates a group in order, so its alerts read fresh values.
    const own: PromRule[] = g.records.map((r) =>
      r.labels ? { record: r.record, expr: r.expr, labels: r.labels } : { record: r.record, expr: r.expr },
    );
    const out: PromGroup = {
      name: g.name,
      rules: [...own, ...g.alerts.flatMap((a) => alertRules(a, target, g.interval ?? DEFAULT_EVALUATION_INTERVAL))],
    };
    if (g.interval) out.interval = g.interval;
    return out;
  });
  if (model.health) {
    const rules: PromRule[] = [{ record: model.health.metric, expr: model.health.expr }];
    if (model.health.score) rules.push({ record: model.health.score.metric, expr: model.health.score.expr });
    groups.push({ name: HEALTH_GROUP, rules });
  }
  return groups;
}

/** `step`: how often the group is evaluated, as far as the rule file knows (cooldown-expr.ts). */
export function alertRules(a: AlertModel, target: Target = DEFAULT_TARGET, step = DEFAULT_EVALUATION_INTERVAL): PromRule[] {
  const native = TARGET_INFO[target].keepFiringFor;
  const records: PromRule[] = a.records.map((r) =>
    r.labels ? { record: r.record, expr: r.expr, labels: r.labels } : { record: r.record, expr: r.expr },
  );
  const alerts = a.levels.map((l) => {
    const labels = { [SEVERITY_LABEL]: l.severity, ...sortKeys(a.labels) };
    const expr = a.cooldown && !native ? cooldownExpr(l.expr, a.name, l.severity, a.cooldown, step, Object.keys(labels)) : l.expr;
    const rule: PromRule = { alert: a.name, expr };
    if (l.forMs > 0) rule.for = formatDuration(l.forMs);
    if (a.cooldown && native) rule.keep_firing_for = a.cooldown;
    rule.labels = labels;
    rule.annotations = { summary: l.summary, description: l.description, ...a.annotations };
    return rule;
  });
  // After the base levels, so it reads their ALERTS_FOR_STATE of the same evaluation.
  const e = a.escalation;
  if (e) {
    alerts.push({
      alert: a.name,
      expr: e.expr,
      labels: { [SEVERITY_LABEL]: e.severity, [ESCALATED_LABEL]: e.from, ...sortKeys(a.labels) },
      annotations: { summary: e.summary, description: e.description, ...a.annotations },
    });
  }
  return [...records, ...alerts];
}

export function renderRules(model: RuleFileModel, target: Target = DEFAULT_TARGET): string {
  return generatedHeader(model.source, ruleFileTitle(target)) + dumpYaml({ groups: ruleGroups(model, target) });
}

// The default target's title is the one every shipped rule file has had.
function ruleFileTitle(target: Target): string {
  if (target === DEFAULT_TARGET) return 'Prometheus alerting and recording rules';
  const info = TARGET_INFO[target];
  return info.keepFiringSince
    ? `alerting and recording rules for ${info.engine} (keep_firing_for needs ${info.keepFiringSince} or later)`
    : `alerting and recording rules for ${info.engine} (cooldown written into the expressions; see docs/engines.md)`;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]!]),
  );
}
