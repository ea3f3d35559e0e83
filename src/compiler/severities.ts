// The ordered severities of a rule set: info < warning < critical unless one rule file
// declares its own (`severities: [low, medium, high, critical]`, least severe first). Levels,
// the level-order check, inhibition, the default routing, the health status, escalation and
// the dashboards' colours all read the order from here, so a team's own names work the same
// way the defaults do.
import { SEVERITIES } from './conventions.js';

export const DEFAULT_SEVERITY_ORDER: readonly string[] = SEVERITIES;
/** What a severity name may look like: a label value people type. */
export const SEVERITY_NAME_PATTERN = '^[a-z][a-z0-9_-]*$';

/**
 * The order declared by the rule files (the first that declares one well-formed), or the
 * default. A file that failed the shape check still has its meaning checked, so a
 * `severities:` that is not a list of names is passed over here (the shape error says why).
 */
export function severityOrder(specs: readonly { severities?: unknown }[]): readonly string[] {
  const declared = specs
    .map((s) => s.severities)
    .find(
      (v): v is string[] =>
        Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && new RegExp(SEVERITY_NAME_PATTERN).test(x)),
    );
  return declared ?? DEFAULT_SEVERITY_ORDER;
}

/** The severity of an alert that says none: the second most severe (warning by default). */
export function defaultSeverityOf(order: readonly string[]): string {
  return order[Math.max(0, order.length - 2)]!;
}

/** The most severe level pages; the next one is a ticket (SLO burn rates, health red/yellow). */
export function topSeverities(order: readonly string[]): { page: string; ticket: string } {
  const page = order[order.length - 1]!;
  return { page, ticket: order[order.length - 2] ?? page };
}
