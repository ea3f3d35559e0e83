// `cooldown` for an engine without keep_firing_for (vmalert before 1.92): the alert's
// expression itself keeps the alert up for the cooldown after the condition clears.
//
//   (E) or (last_over_time((E)[C:S]) and ignoring(<alert labels>) ALERTS{alertname, severity, alertstate="firing"})
//
// The first arm is the condition as it is. The second holds the condition's last value for
// C after it was last true, but only for series whose alert is FIRING, read from the ALERTS
// series the engine writes itself (vmalert with -remoteWrite.url). Gating on firing keeps
// `for` exact: a pending alert whose condition clears resets at once, as in Prometheus; a
// stretched condition alone would let a blip shorter than `for` fire. It cannot hold itself
// up: the stretch ends C after E was last true whatever ALERTS says, so ALERTS only narrows
// it. The ignored labels are those the engine adds to an alert and its ALERTS series beyond
// E's own (alertname, alertstate, vmalert's alertgroup, the rule's labels), so each ALERTS
// series meets the series of E it came from. The subquery's step is written out (the group's
// interval, else the shipped Prometheus's evaluation interval): vmalert 1.79 sends every
// query with step=5m (-datasource.queryStep), which would sample E every 5 minutes.
import { VMALERT_GROUP_LABEL } from './conventions.js';
import { matcherString } from './selectors.js';

export function cooldownExpr(
  expr: string,
  alert: string,
  severity: string,
  cooldown: string,
  step: string,
  ruleLabels: readonly string[],
): string {
  const ignored = [...new Set(['alertname', 'alertstate', VMALERT_GROUP_LABEL, ...ruleLabels])].sort();
  const firing = `ALERTS{${matcherString('alertname', alert)}, alertstate="firing", ${matcherString('severity', severity)}}`;
  return `(${expr}) or (last_over_time((${expr})[${cooldown}:${step}]) and ignoring(${ignored.join(', ')}) ${firing})`;
}
