// The rule language's types are read off its JSON Schema (spec.ts, schema.ts). These lines
// say by hand what the schema means for a few keys the compiler leans on; when the types and
// the schema say different things (as the hand-kept types once did: `target_down: boolean`
// where the schema takes only true), `tsc -p tsconfig.test.json` fails. The runtime cases
// check that a loaded file has the shape the types promise.
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/compiler/load.js';
import type { AlertSpec, GroupSpec, MatcherSpec, RuleFileIn, RuleFileSpec, Threshold } from '../../src/compiler/spec.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): boolean => proof;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

describe('the rule language types', () => {
  it('are what the schema says of the keys the compiler leans on', () => {
    expect(same<RuleFileSpec['version'], 1>(true)).toBe(true);
    expect(same<RequiredKeys<RuleFileSpec>, 'version' | 'groups'>(true)).toBe(true);
    expect(same<RequiredKeys<AlertSpec>, 'alert'>(true)).toBe(true);
    // `target_down: true` is the only form; false is refused by the schema.
    expect(same<AlertSpec['target_down'], true | undefined>(true)).toBe(true);
    expect(same<Threshold, number | string>(true)).toBe(true);
    expect(same<AlertSpec['between'], [Threshold, Threshold] | { [severity: string]: [Threshold, Threshold] } | undefined>(true)).toBe(
      true,
    );
    expect(same<AlertSpec['probe'], 'failing' | 'slow' | 'cert_expiring' | undefined>(true)).toBe(true);
    expect(same<AlertSpec['unit'], 'bytes' | 'seconds' | 'percent' | 'ratio' | undefined>(true)).toBe(true);
    expect(same<MatcherSpec, string | { regex: string } | { not: string } | { not_regex: string }>(true)).toBe(true);
    expect(same<NonNullable<AlertSpec['examples']>[number]['fires'], string[]>(true)).toBe(true);
  });

  it('give every group a list of alerts once loaded, though a group of records only may leave it out', () => {
    expect(same<GroupSpec['alerts'], AlertSpec[]>(true)).toBe(true);
    expect(same<RuleFileIn['groups'][number]['alerts'], AlertSpec[] | undefined>(true)).toBe(true);
    const text = 'version: 1\ngroups:\n  - name: r\n    records:\n      - { record: "app:errors:rate5m", expr: "sum(rate(e[5m]))" }\n';
    const { file, diagnostics } = loadFile({ path: 'rules/r.yaml', text });
    expect(diagnostics).toEqual([]);
    expect(file?.faults).toBeUndefined();
    expect(file?.spec.groups.map((g) => g.alerts)).toEqual([[]]);
  });

  it('read a file with shape faults where it is sound, with a list of alerts in each group', () => {
    const text =
      'version: 1\ngroups:\n  - name: r\n    records:\n      - { record: "app:x:rate5m", expr: "x" }\n  - name: a\n    alerts:\n      - { alert: A, metric: cpu_usage, above: 0.9, colour: red }\n';
    const { file, diagnostics } = loadFile({ path: 'rules/r.yaml', text });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['rules.shape', 8]]);
    expect(file?.faults?.within(['groups', 1, 'alerts', 0])).toBe(true);
    expect(file?.spec.groups.map((g) => g.alerts.length)).toEqual([0, 1]);
  });
});
