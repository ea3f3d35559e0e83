// The escalation check of the meaning stage: the target severity must be above a level of the
// alert, the wait positive, and a named receiver defined in the `notify` part (or among the
// default routing's receivers when no file has one).
import type { PathSegment } from '../yaml/source.js';
import { escalatedLevel } from './escalation.js';
import { parseDuration } from './duration.js';
import type { Reporter } from './report.js';
import type { AlertSpec } from './spec.js';
import { closest } from '../yaml/validate.js';

export function checkEscalation(
  r: Reporter,
  a: AlertSpec,
  path: PathSegment[],
  severities: readonly string[],
  receivers: readonly string[],
  order: readonly string[],
): void {
  const e = a.escalate;
  if (!e) return;
  const p: PathSegment[] = [...path, 'escalate'];
  if (!order.includes(e.severity)) {
    r.error('rules.severity', [...p, 'severity'], `unknown severity "${e.severity}"`, `the rule set's severities: ${order.join(', ')}`);
  } else if (
    !escalatedLevel(
      severities.map((severity) => ({ severity })),
      e.severity,
      order,
    )
  ) {
    r.error(
      'rules.escalate-severity',
      [...p, 'severity'],
      `alert "${a.alert}" has no level below ${e.severity} to escalate (its levels: ${severities.join(', ')})`,
      "escalate to a severity above the alert's own, e.g. a warning alert with escalate: { after: 30m, severity: critical }",
    );
  }
  if (parseDuration(e.after) === 0)
    r.error('rules.escalate-after', [...p, 'after'], 'an escalation after 0 would fire together with the alert', 'e.g. after: 30m');
  if (e.receiver !== undefined && !receivers.includes(e.receiver)) {
    const near = closest(e.receiver, receivers);
    r.error(
      'rules.escalate-receiver',
      [...p, 'receiver'],
      `receiver "${e.receiver}" is not defined`,
      near ? `did you mean "${near}"?` : `defined: ${receivers.join(', ')}`,
    );
  }
}
