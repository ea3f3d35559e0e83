// A team's own recording rules (`records:`) and alerts watching them by name, proved with
// real promtool on hand-computed series: the alert reads the record, in the record's unit,
// narrowed by the alert's own selector only (the group's `job` default would silence it:
// the record keeps `instance` alone), and a counter reset does not clear an error alert.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { compiledRules, promtool, promtoolTest } from './rules-under-test.js';

const RULES = `version: 1
groups:
  - name: app
    defaults:
      selector: { job: vigil }
      for: 5m
    records:
      - record: app:errors:rate5m
        expr: sum by (instance) (rate(app_errors_total[5m]))
        description: Errors per second, per instance
      - record: app:heap:bytes
        expr: max by (instance) (app_heap_bytes)
        unit: bytes
    alerts:
      - alert: AppErrors
        metric: app:errors:rate5m
        above: 1
        summary: s
        description: d
      - alert: AppHeap
        metric: app:heap:bytes
        above: 1GiB
        selector: { instance: a }
        summary: s
        description: d
`;

const fired = (name: string, instance: string) =>
  `          - exp_labels: { alertname: ${name}, severity: warning, instance: ${instance} }\n            exp_annotations: { summary: s, description: d }\n`;
const at = (t: string, name: string, instances: string[]) =>
  `      - eval_time: ${t}\n        alertname: ${name}\n        exp_alerts:${instances.length ? `\n${instances.map((i) => fired(name, i)).join('')}` : ' []\n'}`;

describe('recording rules of your own, against promtool', () => {
  it.skipIf(promtool.missing)('records the value and alerts on it by name after `for`', () => {
    // a: 120 errors a minute from minute 0. rate(...[5m]) divides the increase in the window
    //    by 5 minutes, so it climbs 0.4, 0.8, 1.2 (minute 3: above 1) and is 2/s from minute
    //    5: pending from 3, fires at 8.
    // b: 30 a minute = 0.5/s once the window is full, never above 1.
    // c: as a, with a restart (counter back to 0) at minute 6: rate() counts across the
    //    reset (at 6 to 8 it reads 480 in 5 minutes = 1.6/s), so it fires at 8 and stays.
    // heap a: exactly 1GiB until minute 3 (not above), one byte more from 4 → fires at 9.
    // heap b: 5GiB, but the alert's selector is instance a only.
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'app_errors_total{instance="a", job="vigil"}'
        values: '0+120x20'
      - series: 'app_errors_total{instance="b", job="vigil"}'
        values: '0+30x20'
      - series: 'app_errors_total{instance="c", job="vigil"}'
        values: '0+120x5 0+120x14'
      - series: 'app_heap_bytes{instance="a", job="vigil", pod="x"}'
        values: '1073741824x3 1073741825x16'
      - series: 'app_heap_bytes{instance="b", job="vigil", pod="y"}'
        values: '5368709120x20'
    promql_expr_test:
      - expr: app:errors:rate5m
        eval_time: 5m
        exp_samples:
          - labels: 'app:errors:rate5m{instance="a"}'
            value: 2
          - labels: 'app:errors:rate5m{instance="b"}'
            value: 0.5
          - labels: 'app:errors:rate5m{instance="c"}'
            value: 2
    alert_rule_test:
${at('2m', 'AppErrors', [])}${at('7m', 'AppErrors', [])}${at('8m', 'AppErrors', ['a', 'c'])}${at('10m', 'AppErrors', ['a', 'c'])}${at('12m', 'AppErrors', ['a', 'c'])}${at('8m', 'AppHeap', [])}${at('9m', 'AppHeap', ['a'])}`;
    const r = promtoolTest(compiledRules('app', RULES), test);
    expect(r.code, r.output).toBe(0);
  });
});

describe('recording rules in the compiled outputs', () => {
  const result = compile([{ path: 'rules/app.yaml', text: RULES }]);

  it('compiles without errors, records before alerts in the group', () => {
    expect(result.diagnostics.filter(isError)).toEqual([]);
    const rules = result.outputs.get('prometheus/rules/app.rules.yml')!;
    expect(rules.indexOf('record: app:errors:rate5m')).toBeLessThan(rules.indexOf('alert: AppErrors'));
    expect(rules).toContain('expr: app:heap:bytes{instance="a"} > 1073741824');
  });

  it("shows each record on the rule file's dashboard, in its unit", () => {
    const d = JSON.parse(result.outputs.get('grafana/dashboards/rules-app.json')!) as {
      panels: { title: string; fieldConfig?: { defaults?: { unit?: string } }; targets?: { expr: string }[] }[];
    };
    const heap = d.panels.find((p) => p.title === 'app:heap:bytes');
    expect(heap?.fieldConfig?.defaults?.unit).toBe('bytes');
    expect(heap?.targets?.[0]?.expr).toBe('app:heap:bytes');
    expect(d.panels.some((p) => p.title === 'app:errors:rate5m')).toBe(true);
  });

  it('compiles a group of records only', () => {
    const text = 'version: 1\ngroups:\n  - name: r\n    records:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';
    const r = compile([{ path: 'rules/r.yaml', text }]);
    expect(r.diagnostics.filter(isError)).toEqual([]);
    expect(r.outputs.get('prometheus/rules/r.rules.yml')).toContain('record: job:up:sum');
  });
});
