// Label matchers of a selector as PromQL text, and whether a label value satisfies one (the
// sample series of generated tests must). Anchored, as PromQL anchors regexes.
import type { MatcherSpec, SelectorSpec } from './spec.js';

/** `{job="vigil", mountpoint=~"/data.*"}` matchers of a selector, in label order. */
export function matcherStrings(sel: SelectorSpec): string[] {
  return Object.keys(sel)
    .sort()
    .map((k) => matcherString(k, sel[k]!));
}

export function matcherString(label: string, m: MatcherSpec): string {
  if (typeof m === 'string') return `${label}=${JSON.stringify(m)}`;
  if ('regex' in m) return `${label}=~${JSON.stringify(m.regex)}`;
  if ('not_regex' in m) return `${label}!~${JSON.stringify(m.not_regex)}`;
  return `${label}!=${JSON.stringify(m.not)}`;
}

/** Whether a label value satisfies a matcher (anchored, as PromQL anchors regexes). */
export function matches(value: string, m: MatcherSpec): boolean {
  if (typeof m === 'string') return value === m;
  if ('regex' in m) return safeRegex(m.regex)?.test(value) ?? false;
  if ('not_regex' in m) return !(safeRegex(m.not_regex)?.test(value) ?? true);
  return value !== m.not;
}

function safeRegex(re: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    return undefined;
  }
}
