// Hysteresis (`clear_below` / `clear_above`): fire above 85, clear only below 75. Prometheus
// has no such state of its own, so the rule reads its own firing series back: a level holds
// when the value crosses its threshold, or when the value is still on the near side of the
// clear level while ALERTS says this very alert and severity already fires. A value
// oscillating between the two keeps one alert firing instead of flapping.
import type { Severity } from './conventions.js';
import { DEFAULT_SEVERITY_ORDER } from './severities.js';
import { conditionExpr, levelsOf, type LevelSpec } from './judges/common.js';
import type { Condition } from './model.js';
import { CONDITION_KEYS, type AlertSpec } from './spec.js';

/** The condition that keeps each level firing (`>= 75` for clear_below: 75), by severity. */
export function keepConditions(
  a: AlertSpec,
  severity: Severity,
  order: readonly string[] = DEFAULT_SEVERITY_ORDER,
): Map<Severity, Condition[][]> {
  const out = new Map<Severity, Condition[][]>();
  const clear = a.clear_below ?? a.clear_above;
  if (clear === undefined) return out;
  // Clearing strictly below 75 means staying firing at 75 and above: at_least's comparison.
  const key = a.clear_below !== undefined ? 'at_least' : 'at_most';
  // The clear levels take the place of the alert's comparison, so they are read in the same
  // unit (`clear_below: 1.5GiB` on a bytes metric) as its thresholds.
  const rest: AlertSpec = { ...a };
  for (const k of CONDITION_KEYS) delete rest[k];
  const pseudo: AlertSpec = key === 'at_least' ? { ...rest, at_least: clear } : { ...rest, at_most: clear };
  const levels: LevelSpec[] = levelsOf(pseudo, severity, undefined, order);
  const single = typeof clear !== 'object';
  // One clear value for several levels applies to each of them.
  for (const s of order) {
    const l = single ? levels[0] : levels.find((x) => x.severity === s);
    if (l) out.set(s, l.when);
  }
  return out;
}

export interface HysteresisTarget {
  alert: string;
  severity: Severity;
  /** Labels the watched series carry; undefined when unknown (raw PromQL). */
  kept: readonly string[] | undefined;
  /** The rule's own labels, which ALERTS carries besides the series' labels. */
  ruleLabels: readonly string[];
}

/** `fire or (keep and on(labels) ALERTS{this alert firing})`. */
export function withHysteresis(fire: string, watched: string, keep: Condition[][], t: HysteresisTarget): string {
  const self = `ALERTS{alertname="${t.alert}", alertstate="firing", severity="${t.severity}"}`;
  const matching = t.kept
    ? `on (${[...t.kept].sort().join(', ')})`
    : `ignoring (${['alertname', 'alertstate', 'severity', ...t.ruleLabels].sort().join(', ')})`;
  return `(${fire}) or ((${conditionExpr(watched, keep)}) and ${matching} ${self})`;
}
