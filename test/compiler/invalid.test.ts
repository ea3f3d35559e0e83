// The invalid corpus: every file in test/compiler/invalid/ says in `# expect:` lines which
// error codes it must produce and where. Codes and positions are asserted, not wording, and
// all errors of a file must come out of one run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { INVALID_DIR } from './support.js';

describe('the invalid corpus', () => {
  const files = readdirSync(INVALID_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  it('has cases for every stage (YAML, shape, meaning, PromQL, lints, notify)', () => {
    const codes = files.flatMap((f) => [...readFileSync(join(INVALID_DIR, f), 'utf8').matchAll(/^# expect: (\S+)/gm)].map((m) => m[1]!));
    for (const prefix of [
      'yaml-',
      'rules.shape',
      'rules.unknown-metric',
      'promql.',
      'lint.rate-range',
      'lint.no-comparison',
      'lint.absent-without-for',
      'lint.value-in-label',
      'rules.duplicate-alert',
      'notify.',
    ]) {
      expect(
        codes.some((c) => c.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  for (const f of files) {
    it(`rejects ${f} with exactly the expected codes and positions, writing nothing`, () => {
      const text = readFileSync(join(INVALID_DIR, f), 'utf8');
      const expected = [...text.matchAll(/^# expect: (\S+) (\d+):(\d+)$/gm)].map((m) => `${m[1]} ${m[2]}:${m[3]}`).sort();
      expect(expected.length).toBeGreaterThan(0);
      const result = compile([{ path: `rules/${f}`, text }]);
      const got = result.diagnostics
        .filter(isError)
        .map((d) => `${d.code} ${d.line}:${d.column}`)
        .sort();
      expect(got).toEqual(expected);
      expect(result.outputs.size).toBe(0);
      for (const d of result.diagnostics) expect(d.file).toBe(`rules/${f}`);
    });
  }

  it('gives a "did you mean" hint for a misspelt friendly metric', () => {
    const text = readFileSync(join(INVALID_DIR, 'unknown-metric.yaml'), 'utf8');
    const [d] = compile([{ path: 'rules/x.yaml', text }]).diagnostics;
    expect(d?.hint).toContain('"cpu_usage_percent"');
  });

  it('says where a recording rule written among the alerts belongs, once, instead of two shape errors', () => {
    const text = 'version: 1\ngroups:\n  - name: g\n    alerts:\n      - record: app:errors:rate5m\n        expr: sum(rate(x[5m]))\n';
    const ds = compile([{ path: 'rules/x.yaml', text }]).diagnostics;
    expect(ds.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['rules.record-in-alerts 5:9']);
    expect(ds[0]!.hint).toContain('`records:`');
  });

  it('reports a duplicate alert name across two files, pointing at the second', () => {
    const a = 'version: 1\ngroups:\n  - name: a\n    alerts:\n      - alert: Twice\n        target_down: true\n';
    const result = compile([
      { path: 'rules/a.yaml', text: a },
      { path: 'rules/b.yaml', text: a.replace('name: a', 'name: b') },
    ]);
    const dup = result.diagnostics.filter((d) => d.code === 'rules.duplicate-alert');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ file: 'rules/b.yaml', line: 5, column: 16 });
    expect(dup[0]!.message).toContain('rules/a.yaml:5');
  });
});
