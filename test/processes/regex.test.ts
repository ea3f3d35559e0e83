import { describe, expect, it } from 'vitest';
import { translateGoRegex } from '../../src/processes/regex.js';

// Each case: a Go RE2 cmdline selector, a command line, and what RE2 would answer.
const cases: { name: string; go: string; input: string; matches: boolean; groups?: Record<string, string> }[] = [
  { name: 'a plain expression is used as is', go: 'nginx: (master|worker)', input: 'nginx: worker process', matches: true },
  { name: 'a Go named capture (?P<x>) becomes a JavaScript one', go: '--svc=(?P<svc>\\w+)', input: 'app --svc=billing', matches: true, groups: { svc: 'billing' } },
  { name: 'a leading (?i) makes the whole expression case-insensitive', go: '(?i)POSTGRES', input: '/usr/bin/postgres', matches: true },
  { name: '\\A and \\z anchor at the ends of the text', go: '\\Ajava .*Main\\z', input: 'java -cp x Main', matches: true },
  { name: '\\z does not match before a final newline the way $ might', go: 'Main\\z', input: 'java Main\nx', matches: false },
  { name: '\\Q...\\E quotes metacharacters literally', go: '\\Q/usr/bin/c++\\E', input: '/usr/bin/c++ -O2', matches: true },
  { name: 'a POSIX class inside brackets is expanded', go: '^[[:alpha:]]+d$', input: 'sshd', matches: true },
  { name: 'a POSIX class does not match what it excludes', go: '^[[:digit:]]+$', input: '12a', matches: false },
  { name: 'a "]" first in a class is a literal, as in RE2', go: '[]x]+', input: ']]x', matches: true },
];

describe('translating Go RE2 cmdline selectors', () => {
  for (const c of cases) {
    it(c.name, () => {
      const t = translateGoRegex(c.go);
      expect(t.ok).toBe(true);
      if (!t.ok) return;
      const m = new RegExp(t.source, t.flags).exec(c.input);
      expect(m !== null).toBe(c.matches);
      if (c.groups) expect({ ...m!.groups }).toEqual(c.groups);
    });
  }

  const refused: { name: string; go: string }[] = [
    { name: 'an unbalanced parenthesis is refused', go: 'app(' },
    { name: 'an inline flag group in the middle is refused rather than ignored', go: 'a(?i)b' },
    { name: 'the ungreedy flag (?U) is refused', go: '(?U)a+' },
    { name: 'Unicode classes like \\pL are refused', go: '\\pL+' },
    { name: 'an unknown POSIX class is refused', go: '[[:nope:]]' },
  ];
  for (const c of refused) {
    it(c.name, () => {
      const t = translateGoRegex(c.go);
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.message.length).toBeGreaterThan(0);
    });
  }
});
