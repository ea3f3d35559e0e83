// The routing tree. The rules' routes (by severity, team, ...) decide the receiver; an alert's
// cooldown decides how often a still-firing alert is sent again (repeat_interval).
//
// Shape: one top-level route per distinct cooldown, matching the alerts that have it, holding a
// copy of the rules' routes (so `continue` keeps its meaning inside); then the rules' routes for
// every other alert. An alert matches at most one cooldown route, so it is never sent twice.
import { alertnameMatcher, matcher, matcherList, mayMatch } from './matchers.js';
import { ESCALATED_LABEL } from '../compiler/conventions.js';
import type { AlertSpec, NotifySpec, RouteSpec, Timing } from './types.js';

export const DEFAULT_TIMING: Required<Timing> = {
  groupBy: ['alertname', 'instance'],
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: '4h',
};

function timing(t: Timing, omitRepeat = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (t.groupBy) out['group_by'] = t.groupBy;
  if (t.groupWait) out['group_wait'] = t.groupWait;
  if (t.groupInterval) out['group_interval'] = t.groupInterval;
  if (t.repeatInterval && !omitRepeat) out['repeat_interval'] = t.repeatInterval;
  return out;
}

function route(r: RouteSpec, omitRepeat: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { receiver: r.receiver, matchers: matcherList(r.matchers), ...timing(r, omitRepeat) };
  if (r.continue) out['continue'] = true;
  return out;
}

/** Durations compared as Prometheus writes them (1h30m, 90s, 2d...), for a stable order. */
export function durationSeconds(d: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const m of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * units[m[2]!]!;
  return total;
}

/**
 * Escalated alerts that name a receiver go there, before any other route (first match wins),
 * repeating at the alert's cooldown like its other notifications.
 */
function escalationRoutes(alerts: readonly AlertSpec[]): Record<string, unknown>[] {
  return alerts
    .filter((a) => a.escalation?.receiver)
    .map((a) => {
      const out: Record<string, unknown> = {
        receiver: a.escalation!.receiver,
        matchers: [matcher('alertname', a.name), matcher(ESCALATED_LABEL, a.escalation!.from), matcher('severity', a.escalation!.severity)],
      };
      if (a.cooldown) out['repeat_interval'] = a.cooldown;
      return out;
    });
}

export function routeTree(notify: NotifySpec, alerts: readonly AlertSpec[]): Record<string, unknown> {
  const byCooldown = new Map<string, AlertSpec[]>();
  for (const a of alerts) {
    if (!a.cooldown) continue;
    const list = byCooldown.get(a.cooldown) ?? [];
    list.push(a);
    byCooldown.set(a.cooldown, list);
  }
  const cooldownRoutes = [...byCooldown.entries()]
    .sort(([a], [b]) => durationSeconds(a) - durationSeconds(b) || a.localeCompare(b))
    .map(([cooldown, group]) => {
      const inner = notify.routes
        .filter((r) => group.some((a) => mayMatch(r.matchers, a.labels, a.severities)))
        .map((r) => route(r, true));
      const out: Record<string, unknown> = {
        matchers: [alertnameMatcher(group.map((a) => a.name))],
        repeat_interval: cooldown,
      };
      if (inner.length) out['routes'] = inner;
      return out;
    });
  const root: Record<string, unknown> = {
    receiver: notify.defaultReceiver,
    ...timing({
      groupBy: notify.groupBy ?? DEFAULT_TIMING.groupBy,
      groupWait: notify.groupWait ?? DEFAULT_TIMING.groupWait,
      groupInterval: notify.groupInterval ?? DEFAULT_TIMING.groupInterval,
      repeatInterval: notify.repeatInterval ?? DEFAULT_TIMING.repeatInterval,
    }),
  };
  const routes = [...escalationRoutes(alerts), ...cooldownRoutes, ...notify.routes.map((r) => route(r, false))];
  if (routes.length) root['routes'] = routes;
  return root;
}
