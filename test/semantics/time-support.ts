// Hand-written promtool cases over COMPILED rules: a small rule file goes through the real
// compiler, and a test written by hand (input series and the alerts a person expects) runs
// against the output with the real `promtool test rules`. The compiler's own generated tests
// are not used here, so these cases check what the rule file means, not what vigil thinks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compiler/pipeline.js';
import type { Target } from '../../src/compiler/targets.js';
import { scratch } from '../compiler/support.js';
import { run, tool } from '../support/tools.js';

export const promtool = tool('promtool', 'prometheus');

export interface Sample {
  labels: string;
  value: number;
}
export interface ExprCheck {
  expr: string;
  eval_time: string;
  exp_samples: Sample[];
}
export interface HandCase {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  promql_expr_test: ExprCheck[];
}

/** Compiles `rules` (the text of one rule file); throws with the diagnostics when it does not compile. */
export function compiledRules(rules: string, target: Target = 'prometheus'): string {
  const result = compile([{ path: 'rules/case.yaml', text: rules }], 'prometheus', target);
  const out = result.outputs.get(`${target}/rules/case.rules.yml`);
  if (!out)
    throw new Error(
      `rule file does not compile:\n${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`,
    );
  return out;
}

/** Runs hand-written cases against the compiled rules; returns promtool's exit code and output. */
export function runCases(
  rules: string,
  cases: HandCase[],
  evaluationInterval = '1m',
  target: Target = 'prometheus',
): { code: number; output: string; rules: string } {
  const compiled = compiledRules(rules, target);
  const tmp = scratch('vigil-semantics-');
  try {
    mkdirSync(join(tmp.dir, 'rules'));
    mkdirSync(join(tmp.dir, 'tests'));
    writeFileSync(join(tmp.dir, 'rules', 'case.rules.yml'), compiled);
    // JSON is YAML: no second serializer to trust.
    const doc = { rule_files: ['../rules/case.rules.yml'], evaluation_interval: evaluationInterval, tests: cases };
    writeFileSync(join(tmp.dir, 'tests', 'case.test.yml'), JSON.stringify(doc, null, 1));
    const r = run(promtool.path!, ['test', 'rules', join(tmp.dir, 'tests', 'case.test.yml')], { timeoutMs: 120_000 });
    return { code: r.code, output: r.stdout + r.stderr, rules: compiled };
  } finally {
    tmp.done();
  }
}

/** `ALERTS{alertname="X", alertstate="firing"}` at each time, expecting the given labels (none = silent). */
export function firingAt(alert: string, times: Record<string, string[]>): ExprCheck[] {
  return Object.entries(times).map(([t, labelSets]) => ({
    expr: `ALERTS{alertname="${alert}", alertstate="firing"}`,
    eval_time: t,
    exp_samples: labelSets.map((labels) => ({ labels: `ALERTS{alertname="${alert}", alertstate="firing", ${labels}}`, value: 1 })),
  }));
}

/** The busy fraction of one 15 s step: scraped, not scraped (the host still counts), or a restart. */
export type CpuStep = number | { missed: number } | 'reset';

/**
 * One CPU's busy (user) and idle counters scraped every 15 s from minute 0, one entry per
 * step after the first sample. A restart starts the counters again from 0, plus that step's
 * own increase at 90 % busy.
 */
export function cpuCounters(instance: string, busy: CpuStep[]): { series: string; values: string }[] {
  let user = 0;
  let idle = 0;
  const u: string[] = ['0'];
  const i: string[] = ['0'];
  for (const b of busy) {
    if (b === 'reset') {
      user = 0;
      idle = 0;
    }
    const frac = b === 'reset' ? 0.9 : typeof b === 'number' ? b : b.missed;
    user += frac * 15;
    idle += (1 - frac) * 15;
    const scraped = typeof b !== 'object';
    u.push(scraped ? String(Number(user.toFixed(6))) : '_');
    i.push(scraped ? String(Number(idle.toFixed(6))) : '_');
  }
  return [
    { series: `node_cpu_seconds_total{cpu="0", instance="${instance}", job="vigil", mode="user"}`, values: u.join(' ') },
    { series: `node_cpu_seconds_total{cpu="0", instance="${instance}", job="vigil", mode="idle"}`, values: i.join(' ') },
  ];
}

/** `n` steps of the same value. */
export const steps = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

/** Compiles `rules` and runs the compiler's own generated tests (with the user's examples) through promtool. */
export function runGenerated(rules: string): { code: number; output: string; warnings: string[] } {
  const result = compile([{ path: 'rules/case.yaml', text: rules }]);
  const tmp = scratch('vigil-semantics-');
  try {
    mkdirSync(join(tmp.dir, 'rules'));
    mkdirSync(join(tmp.dir, 'tests'));
    writeFileSync(join(tmp.dir, 'rules', 'case.rules.yml'), result.outputs.get('prometheus/rules/case.rules.yml')!);
    writeFileSync(join(tmp.dir, 'tests', 'case.test.yml'), result.outputs.get('prometheus/tests/case.test.yml')!);
    const r = run(promtool.path!, ['test', 'rules', join(tmp.dir, 'tests', 'case.test.yml')], { timeoutMs: 120_000 });
    return { code: r.code, output: r.stdout + r.stderr, warnings: result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`) };
  } finally {
    tmp.done();
  }
}
