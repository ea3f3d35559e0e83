// The health status recording rule: per instance, 2 (red) when an alert of the rule set's most
// severe level fires (critical by default), 1 (yellow) when one of the next level fires
// (warning), 0 when the instance is scraped and nothing of those fires.
import { HEALTH_METRIC } from '../conventions.js';
import { DEFAULT_SEVERITY_ORDER, topSeverities } from '../severities.js';
import type { HealthModel } from '../model.js';
import type { RuleFileSpec } from '../spec.js';
import { matcherFn } from '../watch/shared.js';

export function buildHealth(spec: RuleFileSpec['health'], order: readonly string[] = DEFAULT_SEVERITY_ORDER): HealthModel | undefined {
  if (!spec) return undefined;
  const sel = typeof spec === 'object' ? (spec.selector ?? {}) : {};
  const up = `up${matcherFn(sel)()}`;
  const named = topSeverities(order);
  const firing = (severity: string) => `ALERTS{alertstate="firing", severity="${severity}"}`;
  return {
    metric: HEALTH_METRIC,
    expr: `max by (instance) (2 * ${firing(named.page)} or 1 * ${firing(named.ticket)} or 0 * ${up})`,
  };
}
