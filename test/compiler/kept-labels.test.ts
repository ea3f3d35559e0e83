// The checker's template lint and the compiled alert read an alert's labels from one answer
// (the watch kind's source), so a label the compiled series carries is never called missing.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';

const compiled = (defaults: string, alert: string) =>
  compile([{ path: 'rules/t.yaml', text: `version: 1\ngroups:\n  - name: g\n${defaults}    alerts:\n${alert}` }]);
const lints = (defaults: string, alert: string) =>
  compiled(defaults, alert)
    .diagnostics.filter((d) => d.code === 'lint.template-label')
    .map((d) => d.message);

describe('labels an annotation template may use', () => {
  const jobDefault = '    defaults: { selector: { job: vigil } }\n';

  it('an absent alert keeps the labels the defaults select on, as its compiled expression does', () => {
    const alert = '      - alert: Gone\n        absent: node_load1\n        summary: "{{ $labels.job }} stopped sending node_load1"\n';
    const out = compiled(jobDefault, alert);
    const rules = [...out.outputs].find(([path]) => path.endsWith('t.rules.yml'))![1];
    // The compiled rule selects job="vigil" exactly, so absent_over_time() carries job.
    expect(rules).toContain('absent_over_time(node_load1{job="vigil"}');
    expect(lints(jobDefault, alert)).toEqual([]);
  });

  it('the same alert without the default has no job label, and the lint says so', () => {
    const alert = '      - alert: Gone\n        absent: node_load1\n        summary: "{{ $labels.job }} stopped sending node_load1"\n';
    const found = lints('', alert);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\$labels\.job is not a label of this alert's series/);
  });

  it('a friendly metric still warns about a label it does not keep', () => {
    const alert =
      '      - alert: Busy\n        metric: cpu_usage_percent\n        above: 90\n        summary: "{{ $labels.mountpoint }}"\n';
    expect(lints('', alert)).toHaveLength(1);
  });

  it('raw PromQL is not held to a label list: its selector may keep any label', () => {
    const alert = '      - alert: Low\n        expr: node_filesystem_avail_bytes < 1e9\n        summary: "{{ $labels.mountpoint }}"\n';
    expect(lints('', alert)).toEqual([]);
  });
});
