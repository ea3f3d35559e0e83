// Golden tests: each test/compiler/golden/<case>/input.yaml compiles to the files beside it.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/compiler`,
// then read the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isError } from '../../src/compiler/report.js';
import { GOLDEN_DIR, UPDATE, compileSources, goldenCases, goldenSource } from './support.js';

describe('golden outputs', () => {
  for (const name of goldenCases()) {
    it(`compiles the "${name}" case to its expected rules and tests`, () => {
      const result = compileSources([goldenSource(name)]);
      expect(result.diagnostics.filter(isError)).toEqual([]);
      // Dashboards and Alertmanager have golden tests of their own (test/dashboards, test/alertmanager).
      const ruleOutputs = [...result.outputs].filter(([path]) => /^prometheus\/(rules|tests)\//.test(path));
      expect(ruleOutputs.length).toBe(2);
      for (const [path, text] of ruleOutputs) {
        const expected = join(GOLDEN_DIR, name, path.replace(/^.*\//, ''));
        if (UPDATE) writeFileSync(expected, text);
        expect(existsSync(expected), `${expected} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(text).toBe(readFileSync(expected, 'utf8'));
      }
    });
  }

  it('compiles the "thresholds" case to a PrometheusRule with --format operator', () => {
    const result = compileSources([goldenSource('thresholds')], 'operator');
    const [[path, text]] = [...result.outputs] as [[string, string]];
    expect(path).toBe('prometheus/operator/thresholds.prometheusrule.yml');
    const expected = join(GOLDEN_DIR, 'thresholds', 'thresholds.prometheusrule.yml');
    if (UPDATE) writeFileSync(expected, text);
    expect(text).toBe(readFileSync(expected, 'utf8'));
    expect(text).toContain('kind: PrometheusRule');
  });

  it('gives the same bytes on every run', () => {
    const a = compileSources(goldenCases().map(goldenSource));
    const b = compileSources(goldenCases().map(goldenSource));
    expect([...a.outputs]).toEqual([...b.outputs]);
  });
});
