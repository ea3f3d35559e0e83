// The health status recording rule: per instance, 2 when a critical alert fires, 1 when a
// warning fires, 0 when the instance is scraped and nothing fires.
import { HEALTH_METRIC } from '../conventions.js';
import type { HealthModel } from '../model.js';
import type { RuleFileSpec } from '../spec.js';
import { matcherFn } from './common.js';

export function buildHealth(spec: RuleFileSpec['health']): HealthModel | undefined {
  if (!spec) return undefined;
  const sel = typeof spec === 'object' ? spec.selector ?? {} : {};
  const up = `up${matcherFn(sel)()}`;
  const firing = (severity: string) => `ALERTS{alertstate="firing", severity="${severity}"}`;
  return {
    metric: HEALTH_METRIC,
    expr: `max by (instance) (2 * ${firing('critical')} or 1 * ${firing('warning')} or 0 * ${up})`,
  };
}
