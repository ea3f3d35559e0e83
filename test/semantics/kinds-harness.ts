// Rule semantics tests of the latency SLO and anomaly kinds: compile a small rule file the way
// `vigil compile` does, put a promtool test written by hand next to the compiled rules, and
// run the real `promtool test rules`. The expectations come from the test, never from the
// compiler's own generated tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { run, tool } from '../support/tools.js';
import { scratch } from '../compiler/support.js';

export const promtool = tool('promtool', 'prometheus');

/** The compiled Prometheus rules of one rule file (rules/<name>.yaml); throws on any error. */
export function compiledRules(name: string, yaml: string): string {
  const result = compile([{ path: `rules/${name}.yaml`, text: yaml }]);
  const errors = result.diagnostics.filter(isError);
  if (errors.length) throw new Error(`does not compile: ${errors.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('; ')}`);
  const rules = result.outputs.get(`prometheus/rules/${name}.rules.yml`);
  if (!rules) throw new Error(`no rules written for ${name}`);
  return rules;
}

export interface AlertCheck {
  /** Evaluation time, a Prometheus duration from the start of the series. */
  at: string;
  alert: string;
  /** Labels of each alert expected firing at that time; [] for none. */
  firing: Record<string, string>[];
}

export interface HandTest {
  name: string;
  /** series selector → promtool values, written by hand. */
  series: Record<string, string>;
  checks: AlertCheck[];
  interval?: string;
}

/** promtool's verdict on hand-written tests of the compiled rules: exit code and output. */
export function promtoolVerdict(name: string, rules: string, tests: HandTest[]): { code: number; output: string } {
  const tmp = scratch('vigil-semantics-');
  try {
    mkdirSync(join(tmp.dir, 'rules'));
    mkdirSync(join(tmp.dir, 'tests'));
    writeFileSync(join(tmp.dir, 'rules', `${name}.rules.yml`), withoutAnnotations(rules));
    const doc = {
      rule_files: [`../rules/${name}.rules.yml`],
      evaluation_interval: '1m',
      tests: tests.map((t) => ({
        name: t.name,
        interval: t.interval ?? '1m',
        input_series: Object.entries(t.series).map(([series, values]) => ({ series, values })),
        alert_rule_test: t.checks.map((c) => ({
          eval_time: c.at,
          alertname: c.alert,
          exp_alerts: c.firing.map((labels) => ({ exp_labels: labels })),
        })),
      })),
    };
    // JSON is YAML: no YAML writer needed for a test file.
    const file = join(tmp.dir, 'tests', `${name}.test.yml`);
    writeFileSync(file, JSON.stringify(doc, null, 1));
    const r = run(promtool.path!, ['test', 'rules', file], { timeoutMs: 120_000 });
    return { code: r.code, output: r.stdout + r.stderr };
  } finally {
    tmp.done();
  }
}

/**
 * The rules without annotations: these tests are about when alerts fire, and promtool would
 * otherwise want every annotation's exact text in each expected alert.
 */
function withoutAnnotations(rules: string): string {
  const doc = yaml.load(rules) as { groups: { rules: Record<string, unknown>[] }[] };
  for (const g of doc.groups) for (const r of g.rules) delete r['annotations'];
  return yaml.dump(doc, { lineWidth: -1 });
}

/** A promtool values string of `count` samples cycling through `pattern` ("10 12 10 12 ..."). */
export function cycle(pattern: readonly (number | '_')[], count: number): string {
  return Array.from({ length: count }, (_, i) => String(pattern[i % pattern.length])).join(' ');
}
