// Helpers of the h12 "levels" semantics tests: compile one rule file as `vigil compile` would,
// lay the compiled rules out next to a hand-written promtool test, and run the real promtool.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { run, tool } from '../support/tools.js';

export const promtool = tool('promtool', 'prometheus');
export const alertmanagerTool = tool('prometheus-alertmanager', 'prometheus-alertmanager');
export const amtool = tool('amtool', 'prometheus-alertmanager');

/** Compiles rules/<name>.yaml; fails the test on any error. */
export function compileOne(name: string, text: string): Map<string, string> {
  const result = compile([{ path: `rules/${name}.yaml`, text }]);
  const errors = result.diagnostics.filter(isError);
  expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  return result.outputs;
}

/**
 * Writes the compiled rules of `name` into dir/rules and the hand-written test into dir/tests,
 * then runs `promtool test rules`. Returns its exit code and output.
 */
export function promtoolTest(dir: string, name: string, outputs: Map<string, string>, testYaml: string): { code: number; out: string } {
  mkdirSync(join(dir, 'rules'), { recursive: true });
  mkdirSync(join(dir, 'tests'), { recursive: true });
  writeFileSync(join(dir, 'rules', `${name}.rules.yml`), outputs.get(`prometheus/rules/${name}.rules.yml`)!);
  const file = join(dir, 'tests', `${name}.hand.test.yml`);
  writeFileSync(file, testYaml.replace('RULES', `../rules/${name}.rules.yml`));
  const r = run(promtool.path!, ['test', 'rules', file], { timeoutMs: 120_000 });
  return { code: r.code, out: r.stdout + r.stderr };
}
