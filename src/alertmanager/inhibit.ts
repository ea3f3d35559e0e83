// Inhibition: while a higher level of an alert fires, its lower levels of the same series stay
// quiet.
//
// "The same series" is the alert's identity: the labels that tell its series apart, which the
// compiler derives from what the alert watches (src/compiler/identity.ts) or the rule file
// states (`identify_by`). Each rule compares alertname plus those labels, and alerts are
// grouped by that set. An alert whose identity is unknown gets no inhibition: comparing on
// alertname alone would let the critical of one host silence the warning of another.
import { alertnameMatcher, matcher } from './matchers.js';
import { DEFAULT_SEVERITY_ORDER } from '../compiler/severities.js';
import type { AlertSpec } from './types.js';

export function inhibitRules(alerts: readonly AlertSpec[], order: readonly string[] = DEFAULT_SEVERITY_ORDER): Record<string, unknown>[] {
  const rank = (severity: string) => order.indexOf(severity);
  // key: higher|lower|identity labels → alert names
  const groups = new Map<string, { higher: string; lower: string; kept: string[]; names: string[] }>();
  for (const a of alerts) {
    if (!a.identity) continue;
    const levels = [...new Set(a.severities)].filter((s) => rank(s) >= 0).sort((x, y) => rank(y) - rank(x));
    const kept = [...new Set(a.identity)].filter((l) => l !== 'alertname' && l !== 'severity').sort();
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
