import { describe, expect, it } from 'vitest';
import { memoTest } from '../../src/regex/memo.js';
import { compileRe2 } from '../../src/regex/re2.js';

// Each case: an RE2 pattern as a Go exporter's config would hold it, an input, and what Go's
// regexp answers for it.
const cases: { name: string; re: string; input: string; matches: boolean; groups?: Record<string, string> }[] = [
  { name: 'a plain expression matches anywhere', re: 'nginx: (master|worker)', input: 'nginx: worker process', matches: true },
  {
    name: 'a Go named capture (?P<x>) is captured by name',
    re: '--svc=(?P<svc>\\w+)',
    input: 'app --svc=billing',
    matches: true,
    groups: { svc: 'billing' },
  },
  { name: 'an optional capture that took no part is empty, as in Go', re: 'a(?P<x>b)?c', input: 'ac', matches: true, groups: { x: '' } },
  { name: 'a leading (?i) makes the whole expression case-insensitive', re: '(?i)POSTGRES', input: '/usr/bin/postgres', matches: true },
  { name: 'an inline flag group applies from where it stands', re: 'a(?i)b', input: 'aB', matches: true },
  { name: 'the ungreedy flag (?U) is understood', re: '(?U)a+', input: 'aaa', matches: true },
  { name: '\\A and \\z anchor at the ends of the text', re: '\\Ajava .*Main\\z', input: 'java -cp x Main', matches: true },
  { name: '\\z does not match before a final newline', re: 'Main\\z', input: 'java Main\nx', matches: false },
  { name: '\\Q...\\E quotes metacharacters literally', re: '\\Q/usr/bin/c++\\E', input: '/usr/bin/c++ -O2', matches: true },
  { name: 'a POSIX class inside brackets is understood', re: '^[[:alpha:]]+d$', input: 'sshd', matches: true },
  { name: 'a POSIX class does not match what it excludes', re: '^[[:digit:]]+$', input: '12a', matches: false },
  { name: 'a "]" first in a class is a literal', re: '[]x]+', input: ']]x', matches: true },
  { name: 'Unicode classes like \\pL match non-ASCII letters', re: '^\\pL+$', input: 'données', matches: true },
  { name: '$ without (?m) is the end of the text only', re: '^ok$', input: 'ok\nmore', matches: false },
];

describe('config regexes are RE2', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = compileRe2(c.re);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.pattern.test(c.input)).toBe(c.matches);
      const m = r.pattern.captures(c.input);
      expect(m !== null).toBe(c.matches);
      if (c.groups) expect(m).toEqual(c.groups);
    });
  }

  const refused: { name: string; re: string; offset: number; hint: RegExp }[] = [
    { name: 'a lookahead is refused, saying RE2 has none', re: 'ok(?!ay)', offset: 2, hint: /no lookahead or lookbehind/ },
    { name: 'a lookbehind is refused, saying RE2 has none', re: 'x(?<=a)b', offset: 1, hint: /no lookahead or lookbehind/ },
    { name: 'a backreference is refused, saying RE2 has none', re: '(a)x\\1', offset: 4, hint: /no backreferences/ },
    { name: 'an unbalanced parenthesis is refused', re: 'app(', offset: 0, hint: /RE2 syntax/ },
    { name: 'an unknown POSIX class is refused', re: 'a[[:nope:]]', offset: 2, hint: /RE2 syntax/ },
    { name: '\\Z is refused with the RE2 spelling', re: 'end\\Z', offset: 3, hint: /\\z/ },
  ];
  for (const c of refused) {
    it(c.name, () => {
      const r = compileRe2(c.re);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problem.message).toMatch(/^not an RE2 regular expression: /);
      expect(r.problem.offset).toBe(c.offset);
      expect(r.problem.hint).toMatch(c.hint);
    });
  }
});

// JavaScript's RegExp takes 2^n steps for these; each took seconds to forever on the old engine
// (measured: `^/(a+)+$` on 26 characters 0.3 s, each further character doubling it).
// RE2 is linear: the bounds below are a thousand times what they take here.
describe('pathological patterns finish in linear time', () => {
  it('nested quantifiers against a near-miss finish at once', () => {
    const r = compileRe2('^(a+)+$');
    if (!r.ok) throw new Error(r.problem.message);
    const t = performance.now();
    expect(r.pattern.test('a'.repeat(40) + '!')).toBe(false);
    expect(r.pattern.test('a'.repeat(100_000) + '!')).toBe(false);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('a README cmdline selector against a 480 KB hostile command line finishes at once', () => {
    const r = compileRe2('python3 .*app\\.py --svc=(?P<svc>\\w+)');
    if (!r.ok) throw new Error(r.problem.message);
    // Many starts of a match that each fail only at the end: quadratic for a backtracker.
    const hostile = 'python3 app.py '.repeat(32_000);
    const t = performance.now();
    expect(r.pattern.captures(hostile)).toBeNull();
    expect(r.pattern.captures(`python3 /srv/app.py --svc=billing ${'x'.repeat(480_000)}`)).toEqual({ svc: 'billing' });
    expect(performance.now() - t).toBeLessThan(5000);
  });
});

describe('memoTest', () => {
  it('answers as the pattern does, and asks it once per name', () => {
    const r = compileRe2('^lo$');
    if (!r.ok) throw new Error(r.problem.message);
    let asked = 0;
    const counting = {
      source: r.pattern.source,
      test: (s: string) => {
        asked++;
        return r.pattern.test(s);
      },
    };
    const test = memoTest(counting, 2);
    expect([test('lo'), test('eth0'), test('lo'), test('eth0')]).toEqual([true, false, true, false]);
    expect(asked).toBe(2);
    // Past the limit the table starts again rather than growing.
    test('wlan0');
    test('lo');
    expect(asked).toBe(4);
  });
});
