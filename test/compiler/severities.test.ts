// The rule set's own severities (src/compiler/severities.ts) beyond what the semantics test
// runs: where SLO pages and tickets land, the default severity, and one declaration only.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';

const file = (body: string, severities = 'severities: [p4, p3, p2, p1]\n') =>
  `version: 1\n${severities}groups:\n  - name: g\n    alerts:\n${body}`;

describe('declared severities', () => {
  it('page an SLO at the most severe level and ticket it at the next', () => {
    const r = compile([
      {
        path: 'rules/slo.yaml',
        text: file(
          '      - alert: Api\n        slo: { objective: 99.9, events: { errors: "sum(rate(e[$window]))", total: "sum(rate(t[$window]))" } }\n',
        ),
      },
    ]);
    expect(r.diagnostics.filter(isError)).toEqual([]);
    const levels = r.models[0]!.groups[0]!.alerts[0]!.levels;
    expect(levels.map((l) => l.severity)).toEqual(['p1', 'p2']);
  });

  it('give an alert without a severity the second most severe level (warning by default)', () => {
    const body = '      - alert: Up\n        target_down: true\n';
    const custom = compile([{ path: 'rules/a.yaml', text: file(body) }]);
    expect(custom.models[0]!.groups[0]!.alerts[0]!.levels.map((l) => l.severity)).toEqual(['p2']);
    const plain = compile([{ path: 'rules/a.yaml', text: file(body, '') }]);
    expect(plain.models[0]!.groups[0]!.alerts[0]!.levels.map((l) => l.severity)).toEqual(['warning']);
  });

  it('are declared in one file only, and apply to every file', () => {
    const r = compile([
      { path: 'rules/a.yaml', text: file('      - alert: A\n        target_down: true\n') },
      { path: 'rules/b.yaml', text: file('      - alert: B\n        target_down: true\n        severity: p1\n') },
    ]);
    const twice = r.diagnostics.filter((d) => d.code === 'rules.severities-twice');
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatchObject({ file: 'rules/b.yaml', line: 2 });
    const ok = compile([
      { path: 'rules/a.yaml', text: file('      - alert: A\n        target_down: true\n') },
      { path: 'rules/b.yaml', text: file('      - alert: B\n        target_down: true\n        severity: p1\n', '') },
    ]);
    expect(ok.diagnostics.filter(isError)).toEqual([]);
  });
});
