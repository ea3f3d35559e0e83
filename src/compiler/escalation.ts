// Escalation: "still firing after 30 minutes → critical". A second alerting rule of the same
// name watches the base level's ALERTS_FOR_STATE series, whose value is the moment the base
// alert went active (pending). It lives as long as the base alert does, through its
// keep_firing_for: a one-sample dip that the cooldown rides out does not move that moment, so
// it does not restart the escalation clock, while a real resolution does. The rule fires once
// the base alert has been active for its `for` plus `after`, that is after it has fired for
// `after`. It carries the base alert's labels, the higher severity and `escalated_from`, which
// keeps its series apart from a level of that severity and lets routing find it.
import { promNumber } from './conventions.js';
import { formatDuration, parseDuration } from './duration.js';
import { subject } from './judges/common.js';
import type { EscalationModel, LevelModel } from './model.js';
import { matcherString } from './selectors.js';
import type { AlertSpec } from './spec.js';

/** The level an escalation raises: the most severe one below its target in the rule set's order. */
export function escalatedLevel<T extends { severity: string }>(
  levels: readonly T[],
  target: string,
  order: readonly string[],
): T | undefined {
  const rank = (s: string) => order.indexOf(s);
  return levels
    .filter((l) => rank(l.severity) >= 0 && rank(l.severity) < rank(target))
    .sort((x, y) => rank(y.severity) - rank(x.severity))[0];
}

export function buildEscalation(
  a: AlertSpec,
  levels: readonly LevelModel[],
  order: readonly string[],
  kept: readonly string[] | undefined,
): EscalationModel | undefined {
  const e = a.escalate;
  if (!e) return undefined;
  const base = escalatedLevel(levels, e.severity, order);
  const afterMs = parseDuration(e.after);
  if (!base || afterMs === undefined) return undefined;
  const seconds = (base.forMs + afterMs) / 1000;
  const who = subject(kept);
  const out: EscalationModel = {
    from: base.severity,
    severity: e.severity,
    afterMs,
    expr: `time() - ALERTS_FOR_STATE{${matcherString('alertname', a.alert)}, ${matcherString('severity', base.severity)}} >= ${promNumber(seconds)}`,
    summary: `${a.alert}${who ? ` on ${who}` : ''} is still firing after ${formatDuration(afterMs)} (escalated from ${base.severity})`,
    description: base.description,
  };
  if (e.receiver) out.receiver = e.receiver;
  return out;
}
