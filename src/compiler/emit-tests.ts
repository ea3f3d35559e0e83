// Model → promtool unit tests (prometheus/tests/<file>.test.yml). For every alert with a test
// plan: each scenario's input series, and checks one minute before and exactly at the moment
// each level has held for its `for` (so `for` is proven, not just "eventually"), plus the
// end of the run, with the exact labels and annotations. The user's examples follow.
import { SEVERITY_LABEL, generatedHeader } from './conventions.js';
import { formatDuration, minutes, parseDuration } from './duration.js';
import type { AlertModel, RuleFileModel, Scenario } from './model.js';
import { encodeValues, selectorText } from './series.js';
import { simulate } from './simulate.js';
import { render } from './template.js';
import { dumpYaml } from './yaml-out.js';

interface ExpAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
interface TestGroup {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test?: { eval_time: string; alertname: string; exp_alerts: ExpAlert[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

export interface TestNote {
  alert: string;
  message: string;
}

export function testGroups(model: RuleFileModel, notes: TestNote[] = []): TestGroup[] {
  const out: TestGroup[] = [];
  for (const g of model.groups) {
    for (const a of g.alerts) {
      for (const s of a.scenarios ?? []) {
        const group = scenarioGroup(a, s, notes);
        if (group) out.push(group);
      }
      a.examples.forEach((ex) => out.push(exampleGroup(a, ex)));
    }
  }
  if (model.health) out.push(healthGroup(model.health.metric, model.severities));
  return out;
}

export function renderTests(model: RuleFileModel, notes: TestNote[] = []): string {
  const doc = {
    rule_files: [`../rules/${model.name}.rules.yml`],
    evaluation_interval: '1m',
    tests: testGroups(model, notes),
  };
  return generatedHeader(model.source, 'promtool unit tests of every alert') + dumpYaml(doc);
}

const at = (m: number) => formatDuration(m * 60_000);

function scenarioGroup(a: AlertModel, s: Scenario, notes: TestNote[]): TestGroup | undefined {
  const keepMin = a.cooldown ? minutes(parseDuration(a.cooldown) ?? 0) : 0;
  const timelines = a.levels.map((l, i) => simulate(s, i, Math.ceil(minutes(l.forMs)), keepMin));
  const expectsFire = s.name.startsWith('fires');
  if (expectsFire && !timelines.some((t) => t.firstFiring !== undefined)) {
    notes.push({
      alert: a.name,
      message: `scenario "${s.name}" never fires within ${s.steps} minutes; its levels or \`for\` may be unreachable`,
    });
  }
  const times = new Set<number>([s.steps]);
  a.levels.forEach((l, i) => {
    const tf = timelines[i]!.firstFiring;
    if (tf !== undefined) {
      if (tf > 0) times.add(tf - 1);
      times.add(tf);
    } else {
      times.add(Math.min(s.steps, Math.ceil(minutes(l.forMs)) + 1));
    }
  });
  // An escalation is a rule of the same name that these scenarios do not model: check only
  // before it could fire (test/semantics/escalation.test.ts proves it by hand).
  const escalatesAt = a.escalation
    ? escalationMinute(
        a,
        timelines.map((tl) => tl.firstFiring),
      )
    : Infinity;
  const checks = [...times].sort((x, y) => x - y).filter((t) => t < escalatesAt && timelines.every((tl) => !tl.uncertain[t]));
  let predictable = true;
  const alertTests = checks.map((t) => ({
    eval_time: at(t),
    alertname: a.name,
    exp_alerts: a.levels.flatMap((l, i): ExpAlert[] => {
      if (!timelines[i]!.firing[t]) return [];
      const value = s.value(i, t)!;
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries({ summary: l.summary, description: l.description, ...a.annotations })) {
        const text = render(v, s.labels, value);
        if (text === undefined) predictable = false;
        annotations[k] = text ?? v;
      }
      return [{ exp_labels: { ...s.labels, ...a.labels, [SEVERITY_LABEL]: l.severity }, exp_annotations: annotations }];
    }),
  }));
  // When a scenario fires several levels, the milder ones fire too: say so, since
  // Alertmanager's inhibition (critical silences warning of the same alert) relies on it.
  const levelsFiring = a.levels.filter((_l, i) => timelines[i]!.firstFiring !== undefined).map((l) => l.severity);
  const inhibition =
    levelsFiring.length > 1 && a.levels.length > 1
      ? ` (${levelsFiring.join(' and ')} fire; Alertmanager inhibits ${levelsFiring.slice(0, -1).join(', ')} while ${levelsFiring[levelsFiring.length - 1]} fires)`
      : '';
  const group: TestGroup = {
    name: `${a.name}: ${s.name}${inhibition}`,
    interval: s.intervalSeconds && s.intervalSeconds !== 60 ? `${s.intervalSeconds}s` : '1m',
    input_series: s.series.map((x) => ({ series: selectorText(x.name, x.labels), values: encodeValues(x.values) })),
  };
  if (predictable) {
    group.alert_rule_test = alertTests;
  } else {
    // The annotations use template functions vigil does not evaluate: check the firing
    // alerts through their ALERTS series, which carry every label but no annotation.
    notes.push({
      alert: a.name,
      message: 'its annotations use template functions vigil cannot evaluate; the generated test checks labels only',
    });
    group.promql_expr_test = checks.map((t) => ({
      expr: `ALERTS{alertname="${a.name}", alertstate="firing"}`,
      eval_time: at(t),
      exp_samples: a.levels.flatMap((l, i) =>
        timelines[i]!.firing[t]
          ? [
              {
                labels: selectorText('ALERTS', {
                  ...s.labels,
                  ...a.labels,
                  alertname: a.name,
                  alertstate: 'firing',
                  [SEVERITY_LABEL]: l.severity,
                }),
                value: 1,
              },
            ]
          : [],
      ),
    }));
  }
  return group;
}

/** The earliest minute an escalation can fire: `after` past its base level's first firing. */
function escalationMinute(a: AlertModel, firstFiring: (number | undefined)[]): number {
  const e = a.escalation!;
  const i = a.levels.findIndex((l) => l.severity === e.from);
  const tf = firstFiring[i];
  return tf === undefined ? Infinity : tf + minutes(e.afterMs);
}

function exampleGroup(a: AlertModel, ex: AlertModel['examples'][number]): TestGroup {
  return {
    name: `${a.name}: ${ex.name}`,
    interval: ex.interval ?? '1m',
    input_series: ex.series,
    promql_expr_test: [
      {
        expr: `ALERTS{alertname="${a.name}", alertstate="firing"}`,
        eval_time: formatDuration(ex.atMs),
        exp_samples: ex.fires.map((sev) => ({
          labels: selectorText('ALERTS', { ...ex.labels, ...a.labels, alertname: a.name, alertstate: 'firing', [SEVERITY_LABEL]: sev }),
          value: 1,
        })),
      },
    ],
  };
}

/** ALERTS series in, health status out: red where the most severe level fires, yellow for the next. */
function healthGroup(metric: string, order: readonly string[]): TestGroup {
  const red = order[order.length - 1]!;
  const yellow = order[order.length - 2] ?? red;
  const alerts = (instance: string, severity: string) => ({
    series: selectorText('ALERTS', { alertname: 'VigilHealthTestAlert', alertstate: 'firing', instance, severity }),
    values: '1x5',
  });
  return {
    name: `${metric}: green, yellow and red hosts`,
    interval: '1m',
    input_series: [
      ...['green-host', 'yellow-host', 'red-host'].map((instance) => ({
        series: selectorText('up', { instance, job: 'vigil' }),
        values: '1x5',
      })),
      alerts('yellow-host', yellow),
      alerts('red-host', yellow),
      alerts('red-host', red),
    ],
    promql_expr_test: [
      {
        expr: metric,
        eval_time: '2m',
        exp_samples: [
          { labels: `${metric}{instance="green-host"}`, value: 0 },
          { labels: `${metric}{instance="red-host"}`, value: 2 },
          { labels: `${metric}{instance="yellow-host"}`, value: 1 },
        ],
      },
    ],
  };
}
