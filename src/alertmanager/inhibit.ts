// Inhibition: while a higher level of an alert fires, its lower levels stay quiet.
//
// Alertmanager treats a label missing on both sides of `equal` as equal, so comparing on a label
// an alert might lack (instance of an aggregated alert) would let one critical silence every
// warning of that name. Each rule therefore compares alertname plus only the labels its alerts
// are known to always keep, and alerts are grouped by that set.
import { alertnameMatcher, matcher } from './matchers.js';
import { SEVERITY_ORDER, type AlertSpec } from './types.js';

function rank(severity: string): number {
  return (SEVERITY_ORDER as readonly string[]).indexOf(severity);
}

export function inhibitRules(alerts: readonly AlertSpec[]): Record<string, unknown>[] {
  // key: higher|lower|kept labels → alert names
  const groups = new Map<string, { higher: string; lower: string; kept: string[]; names: string[] }>();
  for (const a of alerts) {
    const levels = [...new Set(a.severities)].filter((s) => rank(s) >= 0).sort((x, y) => rank(y) - rank(x));
    const kept = [...new Set(a.keptLabels ?? [])].filter((l) => l !== 'alertname' && l !== 'severity').sort();
    for (let i = 0; i < levels.length; i++) {
      for (let j = i + 1; j < levels.length; j++) {
        const key = `${levels[i]}|${levels[j]}|${kept.join(',')}`;
        const g = groups.get(key) ?? { higher: levels[i]!, lower: levels[j]!, kept, names: [] };
        g.names.push(a.name);
        groups.set(key, g);
      }
    }
  }
  return [...groups.values()]
    .sort((a, b) => rank(b.higher) - rank(a.higher) || rank(b.lower) - rank(a.lower) || a.kept.join(',').localeCompare(b.kept.join(',')))
    .map((g) => ({
      source_matchers: [alertnameMatcher(g.names), matcher('severity', g.higher)],
      target_matchers: [alertnameMatcher(g.names), matcher('severity', g.lower)],
      equal: ['alertname', ...g.kept],
    }));
}
