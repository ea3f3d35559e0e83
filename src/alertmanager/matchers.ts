// Alertmanager's matcher strings (`name="value"`, `name=~"regex"`), quoted so any value is safe.
import type { Matchers } from './types.js';

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function matcher(name: string, value: string | { regex: string }): string {
  return typeof value === 'string' ? `${name}=${quote(value)}` : `${name}=~${quote(value.regex)}`;
}

/** Matchers in a stable order (label name), so the output does not depend on key order. */
export function matcherList(m: Matchers): string[] {
  return Object.keys(m).sort().map((k) => matcher(k, m[k]!));
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One matcher for a set of alert names: `alertname="A"` or `alertname=~"A|B"`. */
export function alertnameMatcher(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort();
  return sorted.length === 1 ? matcher('alertname', sorted[0]!) : matcher('alertname', { regex: sorted.map(escapeRegex).join('|') });
}

/**
 * Whether a route can match an alert, judged on what is known at compile time: a matcher on a
 * label the alert fixes must agree with it; a label the alert does not fix may come from the
 * series, so it could match.
 */
export function mayMatch(m: Matchers, fixed: Record<string, string>, severities: readonly string[]): boolean {
  return Object.entries(m).every(([name, want]) => {
    const values = name === 'severity' ? severities : name in fixed ? [fixed[name]!] : undefined;
    if (values === undefined) return true;
    return values.some((v) => (typeof want === 'string' ? v === want : new RegExp(`^(?:${want.regex})$`).test(v)));
  });
}
