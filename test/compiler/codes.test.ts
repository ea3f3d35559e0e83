// The rule compiler's diagnostic codes are one closed list (src/compiler/codes.ts) and each has
// a one-line meaning in docs/errors.md: neither may have a code the other lacks, and no source
// file may use a code outside the list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_CODES } from '../../src/compiler/codes.js';

const CODE = /['"`]((?:rules|lint|notify|promql|test|stack|target)\.[a-z0-9-]+)['"`]/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('codes.ts') ? [p] : [];
  });
}
const used = new Set(
  ['src/compiler', 'src/alertmanager', 'src/dashboards']
    .flatMap(sources)
    .flatMap((p) => [...readFileSync(p, 'utf8').matchAll(CODE)].map((m) => m[1]!)),
);

describe('diagnostic codes', () => {
  it('docs/errors.md gives each code of the list one line, and no other', () => {
    const rows = readFileSync('docs/errors.md', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    const documented = rows
      .map((l) => /^\| `([^`]+)` \| (.+) \|$/.exec(l))
      .map((m) => {
        expect(m).not.toBeNull();
        expect(m![2]!.trim().length).toBeGreaterThan(10);
        return m![1]!;
      });
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...RULE_CODES].sort());
  });

  it('the list is in one naming style and has no duplicates', () => {
    expect(new Set(RULE_CODES).size).toBe(RULE_CODES.length);
    for (const c of RULE_CODES) expect(c).toMatch(/^(rules|lint|notify|promql|test|stack|target)\.[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every code the compiler, Alertmanager and dashboard sources use is in the list, and every listed code is used', () => {
    expect([...used].filter((c) => !(RULE_CODES as readonly string[]).includes(c)).sort()).toEqual([]);
    expect(RULE_CODES.filter((c) => !used.has(c))).toEqual([]);
  });

  it("the invalid corpus expects only listed codes (or the shared YAML reader's yaml-*)", () => {
    const dir = 'test/compiler/invalid';
    const expected = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^# expect: (\S+)/gm)].map((m) => m[1]!));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.filter((c) => !c.startsWith('yaml-') && !(RULE_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
