// The host collectors test the same handful of device names and mount points against the same
// filters on every scrape. RE2 in JavaScript is several times slower than V8's RegExp, so the
// answers are kept per name; the table is dropped whole when it grows past `limit`, which bounds
// memory against a host that churns through names (containers' veth devices, loop mounts).
import type { Pattern } from './re2.js';

export function memoTest(pattern: Pattern, limit = 4096): (text: string) => boolean {
  const seen = new Map<string, boolean>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    const answer = pattern.test(text);
    if (seen.size >= limit) seen.clear();
    seen.set(text, answer);
    return answer;
  };
}
