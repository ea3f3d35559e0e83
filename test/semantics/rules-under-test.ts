// Semantics tests compile a small rule file with the real compiler, write the compiled rules
// to a scratch directory and run a promtool test written by hand next to them. The compiler
// never writes the expectations: a person does, from what the rule file says.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { run, tool } from '../support/tools.js';
import { scratch } from '../compiler/support.js';

export const promtool = tool('promtool', 'prometheus');

/** The compiled rules of one rule file (`rules/<name>.yaml`), or the errors that stopped it. */
export function compiledRules(name: string, text: string): string {
  const result = compile([{ path: `rules/${name}.yaml`, text }]);
  const errors = result.diagnostics.filter(isError);
  if (errors.length) throw new Error(errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const rules = result.outputs.get(`prometheus/rules/${name}.rules.yml`);
  if (!rules) throw new Error(`no rules for ${name}`);
  return rules;
}

/**
 * Runs `promtool test rules` on a hand-written test (everything of the test file but
 * `rule_files`, which points at the compiled rules).
 */
export function promtoolTest(rules: string, testBody: string): { code: number; output: string } {
  const tmp = scratch('vigil-semantics-');
  try {
    writeFileSync(join(tmp.dir, 'under-test.rules.yml'), rules);
    writeFileSync(join(tmp.dir, 'hand.test.yml'), `rule_files: [under-test.rules.yml]\n${testBody}`);
    const r = run(promtool.path!, ['test', 'rules', join(tmp.dir, 'hand.test.yml')], { timeoutMs: 120_000 });
    return { code: r.code, output: r.stdout + r.stderr };
  } finally {
    tmp.done();
  }
}
