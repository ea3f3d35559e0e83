// Table tests of the pure pieces, each case named as the sentence it proves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, promNumber, ruleDashboardUid, snake } from '../../src/compiler/conventions.js';
import { formatDuration, parseDuration } from '../../src/compiler/duration.js';
import { formatG, humanize, humanize1024, humanizeDuration, humanizePercentage } from '../../src/compiler/humanize.js';
import { compile } from '../../src/compiler/pipeline.js';
import { witnesses } from '../../src/compiler/plan.js';
import { filters, plainSelector, rangeUses, selectorsOf, syntaxProblems } from '../../src/compiler/promql.js';
import { encodeValues } from '../../src/compiler/series.js';
import { render } from '../../src/compiler/template.js';
import { alertmanagerView, ruleFileViews } from '../../src/compiler/views.js';
import { readRules } from '../../src/compiler/commands.js';
import { analyze } from '../../src/compiler/pipeline.js';
import { join } from 'node:path';
import { REPO } from './support.js';

describe('durations', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['14d', 1_209_600_000],
    ['0', 0],
    ['1w', 604_800_000],
  ])('reads %s as %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['30m1h', '5 m', 'five', '1.5h', '5m5m'])('rejects %s', (text) => expect(parseDuration(text)).toBeUndefined());
  it.each([
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [1_209_600_000, '2w'],
    [90_000, '1m30s'],
  ])('prints %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('Prometheus template functions (outputs checked against promtool 2.42)', () => {
  it.each([
    ['humanize of 1234567 is 1.235M', humanize(1234567), '1.235M'],
    ['humanize of 0.00001234 is 12.34u', humanize(0.00001234), '12.34u'],
    ['humanize1024 of 3000 is 2.93ki', humanize1024(3000), '2.93ki'],
    ['humanizeDuration of 90061 is 1d 1h 1m 1s', humanizeDuration(90061), '1d 1h 1m 1s'],
    ['humanizeDuration of 0.0123 is 12.3ms', humanizeDuration(0.0123), '12.3ms'],
    ['humanizePercentage of 0.12345 is 12.35%', humanizePercentage(0.12345), '12.35%'],
    ['%.4g of 1234567 uses an exponent', formatG(1234567), '1.235e+06'],
  ])('%s', (_name, got, want) => expect(got).toBe(want));

  it('renders labels, values and pipelines the way Prometheus does', () => {
    expect(render('{{ $labels.instance }} at {{ $value | humanize }}%', { instance: 'web1' }, 87.5)).toBe('web1 at 87.5%');
    expect(render('{{ printf "%.2f" $value }} / {{ $value }}', {}, 0.00001)).toBe('0.00 / 1e-05');
  });

  it('declines templates it cannot predict rather than guessing', () => {
    expect(render('{{ with query "up" }}x{{ end }}', {}, 1)).toBeUndefined();
  });
});

describe('PromQL reading', () => {
  it('finds a syntax error and its offset', () => expect(syntaxProblems('sum(rate(x[5m])')[0]?.from).toBe(15));
  it('finds no error in valid PromQL', () =>
    expect(syntaxProblems('histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))) > 1')).toEqual([]));
  it('finds the range of every rate-like call', () =>
    expect(rangeUses('rate(a[1m]) + increase(b[30s])').map((u) => u.range)).toEqual(['1m', '30s']));
  it.each([
    ['a comparison filters', 'x > 1', true],
    ['a bool comparison does not', 'x > bool 1', false],
    ['absent() filters', 'absent(up)', true],
    ['a bare sum does not', 'sum(x)', false],
    ['`unless` filters', 'x unless y', true],
  ])('%s', (_name, expr, want) => expect(filters(expr)).toBe(want));
  it('reads equality labels of a plain selector', () =>
    expect(plainSelector('up{job="vigil", instance=~"a.*"}')).toEqual({ metric: 'up', equal: { job: 'vigil' }, others: true }));
  it('lists every selector of an expression with its metric and equality labels', () => {
    expect(
      selectorsOf('sum by (instance) (rate(a_total{job="vigil", code=~"5.."}[5m])) / on (instance) {__name__="b", job="app"} > 1'),
    ).toEqual([
      { metric: 'a_total', equal: { job: 'vigil' } },
      { metric: 'b', equal: { job: 'app' } },
    ]);
    expect(selectorsOf('vector(1) == 1')).toEqual([]);
    expect(selectorsOf('rate(x[5m]')).toEqual([]);
  });
});

describe('generated test inputs', () => {
  it('picks a value per level and a calm one inside a percentage', () => {
    const levels = [
      { severity: 'warning' as const, when: [[{ op: '>' as const, value: 80 }]] },
      { severity: 'critical' as const, when: [[{ op: '>' as const, value: 95 }]] },
    ];
    expect(witnesses(levels, { min: 0, max: 100 })).toEqual([
      { severity: 'warning', value: 87.5 },
      { severity: 'critical', value: 97.5 },
      { value: 40 },
    ]);
  });
  it('encodes runs the way promtool expands them', () => {
    expect(encodeValues([0, 6, 12, 18, 5, 5, 5, undefined, undefined])).toBe('0+6x3 5x2 _x2');
  });
  it('mirrors PromQL arithmetic for every friendly metric (a constant input reads back as itself)', () => {
    for (const m of CATALOG.values()) {
      const s = m.sample(() => 42, 10, { instance: 'a', job: 'vigil', ...m.sampleLabels });
      expect(s.value(10), m.name).toBeCloseTo(42, 9);
    }
  });
});

describe('conventions', () => {
  it.each([
    ['HostCpuHigh', 'host_cpu_high'],
    ['HTTPErrors', 'http_errors'],
  ])('snake-cases %s as %s', (a, b) => expect(snake(a)).toBe(b));
  it('prints burn-rate thresholds without float noise', () => expect(promNumber(14.4 * (1 - 0.999))).toBe('0.0144'));
  it('gives rule dashboards the uid the dashboard emitter uses', () =>
    expect(ruleDashboardUid('rules/host.yaml')).toBe('vigil-rules-host'));
});

describe('meaning checks', () => {
  const one = (alert: string) =>
    compile([{ path: 'rules/t.yaml', text: `version: 1\ngroups:\n  - name: g\n    alerts:\n${alert}` }]).diagnostics.map((d) => d.code);
  it.each([
    [
      'Having severity in labels should fail',
      '      - alert: A\n        target_down: true\n        labels: { severity: page }\n',
      'rules.reserved-label',
    ],
    [
      'Having a selector on raw PromQL should fail',
      '      - alert: A\n        expr: up == 0\n        selector: { job: x }\n',
      'rules.selector-on-expr',
    ],
    [
      'Having between with low above high should fail',
      '      - alert: A\n        metric: cpu_usage_percent\n        between: [9, 1]\n',
      'rules.range',
    ],
    [
      'Having within on a non-certificate alert should fail',
      '      - alert: A\n        metric: cpu_usage_percent\n        within: 3d\n',
      'rules.within-kind',
    ],
    ['Having no indicator in an SLO should fail', '      - alert: A\n        slo: { objective: 99 }\n', 'rules.slo-sli'],
    [
      'Having an events SLO without $window should fail',
      '      - alert: A\n        slo: { objective: 99, events: { errors: "sum(rate(e[5m]))", total: "sum(rate(t[$window]))" } }\n',
      'rules.slo-window',
    ],
    [
      'Having a label the metric lacks in a template should warn',
      '      - alert: A\n        metric: cpu_usage_percent\n        above: 1\n        summary: "{{ $labels.mountpoint }}"\n',
      'lint.template-label',
    ],
    [
      'Having raw PromQL that vigil cannot sample should warn that it has no test',
      '      - alert: A\n        expr: sum(x) > 1\n',
      'test.none',
    ],
  ])('%s', (_name, alert, code) => expect(one(alert)).toContain(code));
});

describe('views for the dashboard and Alertmanager emitters', () => {
  const { models } = analyze(readRules(join(REPO, 'rules')));

  it('give each alert its watched expression and levels from the same numbers as the rules', () => {
    const host = ruleFileViews(models).find((f) => f.file.endsWith('host.yaml'))!;
    const cpu = host.alerts.find((a) => a.name === 'HostCpuHigh')!;
    expect(cpu.levels).toEqual([
      { severity: 'warning', when: [{ op: '>', value: 80 }] },
      { severity: 'critical', when: [{ op: '>', value: 95 }] },
    ]);
    expect(cpu.ruleExprs[1]!.expr).toBe(`${cpu.expr} > 95`);
    expect(cpu.unit).toBe('percent');
    expect(cpu.keptLabels).toEqual(['instance', 'job']);
    const fills = host.alerts.find((a) => a.name === 'HostDiskFillsSoon')!;
    expect(fills.trend?.horizon).toBe('4h');
  });

  it('give SLOs their budget and burn-rate expressions', () => {
    const slo = ruleFileViews(models)
      .flatMap((f) => f.alerts)
      .find((a) => a.kind === 'slo')!;
    expect(slo.slo?.objective).toBeCloseTo(0.999);
    expect(slo.slo?.factors.map((f) => f.factor)).toEqual([14.4, 6, 3, 1]);
    expect(slo.slo?.burnRates.map((b) => b.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });

  it('give Alertmanager every alert with severities, cooldown, identifying labels and how it stands to the scrape of vigil', () => {
    const am = alertmanagerView(models);
    expect(am.alerts.find((a) => a.name === 'HostCpuHigh')).toEqual({
      name: 'HostCpuHigh',
      severities: ['warning', 'critical'],
      labels: { team: 'ops' },
      cooldown: '30m',
      identity: ['instance', 'job'],
      vigilScrape: 'depends',
    });
    expect(am.alerts.find((a) => a.name === 'VigilTargetDown')).toEqual({
      name: 'VigilTargetDown',
      severities: ['critical'],
      labels: {},
      vigilScrape: 'down',
    });
    expect(am.alerts.find((a) => a.name === 'Watchdog')).toEqual({ name: 'Watchdog', severities: ['info'], labels: {} });
  });

  it('map the notify section to receivers and routes', () => {
    const text = readFileSync(join(REPO, 'test/compiler/golden/notify/input.yaml'), 'utf8');
    const r = analyze([{ path: 'rules/notify.yaml', text }]);
    const n = alertmanagerView(r.models).notify!;
    expect(n.defaultReceiver).toBe('team');
    expect(n.receivers.find((x) => x.name === 'oncall')!.targets.map((t) => t.kind)).toEqual(['email', 'webhook']);
    expect(n.routes[1]).toEqual({ receiver: 'team', matchers: { team: { regex: 'db|storage' } }, continue: true });
  });
});
