// Every compiled output, shipped and golden, through the real promtool: `check rules
// --lint-fatal` and `test rules`. This is what proves the generated alerts fire.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, tool } from '../support/tools.js';
import { GOLDEN_DIR, REPO, goldenCases, scratch } from './support.js';

const promtool = tool('promtool', 'prometheus');
const tmp = scratch();
afterAll(() => tmp.done());

function layout(): string[] {
  // Golden files sit side by side; promtool wants tests/ next to rules/ like the repo has.
  for (const name of goldenCases()) {
    mkdirSync(join(tmp.dir, name, 'rules'), { recursive: true });
    mkdirSync(join(tmp.dir, name, 'tests'), { recursive: true });
    copyFileSync(join(GOLDEN_DIR, name, `${name}.rules.yml`), join(tmp.dir, name, 'rules', `${name}.rules.yml`));
    copyFileSync(join(GOLDEN_DIR, name, `${name}.test.yml`), join(tmp.dir, name, 'tests', `${name}.test.yml`));
  }
  return goldenCases();
}

describe('promtool over every compiled output', () => {
  const shippedRules = readdirSync(join(REPO, 'prometheus/rules'))
    .filter((f) => f.endsWith('.rules.yml'))
    .map((f) => join(REPO, 'prometheus/rules', f));
  const shippedTests = readdirSync(join(REPO, 'prometheus/tests'))
    .filter((f) => f.endsWith('.test.yml'))
    .map((f) => join(REPO, 'prometheus/tests', f));

  it.skipIf(promtool.missing)('accepts the shipped rules with --lint-fatal', () => {
    expect(shippedRules.length).toBeGreaterThanOrEqual(5);
    const r = run(promtool.path!, ['check', 'rules', '--lint-fatal', ...shippedRules]);
    expect(r.stdout + r.stderr).not.toContain('FAILED');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it.skipIf(promtool.missing)('passes the shipped unit tests', () => {
    const r = run(promtool.path!, ['test', 'rules', ...shippedTests], { timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.match(/SUCCESS/g)?.length).toBe(shippedTests.length);
  });

  it.skipIf(promtool.missing)('accepts and passes every golden case', () => {
    for (const name of layout()) {
      const rules = join(tmp.dir, name, 'rules', `${name}.rules.yml`);
      const check = run(promtool.path!, ['check', 'rules', '--lint-fatal', rules]);
      expect(check.code, `${name}: ${check.stdout}${check.stderr}`).toBe(0);
      const test = run(promtool.path!, ['test', 'rules', join(tmp.dir, name, 'tests', `${name}.test.yml`)], { timeoutMs: 120_000 });
      expect(test.code, `${name}: ${test.stdout}${test.stderr}`).toBe(0);
    }
  });

  it.skipIf(promtool.missing)('fails a generated test when the rule it tests changes (the tests are not vacuous)', () => {
    const dir = join(tmp.dir, 'mutated');
    mkdirSync(join(dir, 'rules'), { recursive: true });
    mkdirSync(join(dir, 'tests'), { recursive: true });
    const rules = readFileSync(join(REPO, 'prometheus/rules/host.rules.yml'), 'utf8');
    // Raise CPU's warning level from 80 to 90: the 87.5% case must no longer fire.
    writeFileSync(join(dir, 'rules', 'host.rules.yml'), rules.replace(/ > 80\n/, ' > 90\n'));
    copyFileSync(join(REPO, 'prometheus/tests/host.test.yml'), join(dir, 'tests', 'host.test.yml'));
    const r = run(promtool.path!, ['test', 'rules', join(dir, 'tests', 'host.test.yml')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('HostCpuHigh');
  });
});
