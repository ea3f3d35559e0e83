// Rule files written to hurt: too big, too deep, anchor bombs, several documents, a file of
// 100,000 alerts just under the size limit, megabyte-long lines, repeated keys. Each must be
// turned away (or, for the file under the limit, handled) with the limit's own diagnostic code
// and a position, and quickly: the bounds are generous, since a limit that does not hold shows
// as minutes or a dead process, not as a few hundred milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { formatDiagnostic, type Diagnostic } from '../../src/yaml/diagnostic.js';
import { DEFAULT_YAML_LIMITS, parseYaml } from '../../src/yaml/source.js';
import { CLI } from '../support/vigil-process.js';
import { REPO, scratch } from './support.js';

const FILE = 'rules/hostile.yaml';
const MiB = 1024 * 1024;
/** Per input. A rejection takes milliseconds; a limit that fails takes minutes. */
const BOUND_MS = 2_000;

const timings: string[] = [];

function timed<T>(fn: () => T, name = ''): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  const ms = performance.now() - started;
  if (name) timings.push(`${name} ${ms.toFixed(0)} ms`);
  return { value, ms };
}

/** Compiles `text` as one rule file: its error diagnostics and how long it took. */
function reject(text: string, name: string): { errors: Diagnostic[]; ms: number } {
  const { value, ms } = timed(() => compile([{ path: FILE, text }]), name);
  const errors = value.diagnostics.filter(isError);
  if (errors.length) expect(value.outputs.size).toBe(0);
  for (const d of value.diagnostics) {
    expect(d.file).toBe(FILE);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
  return { errors, ms };
}

/** "Billion laughs": each level a list of `width` aliases of the level before. */
function laughs(levels: number, width: number): string {
  const lines = ['l0: &l0 "lol"'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const alertFile = (alert: string) => `version: 1\ngroups:\n  - name: g\n    alerts:\n      - alert: A\n${alert}`;

describe('hostile rule files', () => {
  afterAll(() => console.log(`hostile: ${timings.join(', ')}`));

  it('rejects a file over 4 MiB before parsing it', () => {
    const text = `version: 1\ngroups: []\ntitle: "${'x'.repeat(4 * MiB)}"\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(DEFAULT_YAML_LIMITS.maxBytes);
    const { errors, ms } = reject(text, 'over 4 MiB');
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-too-large 1:1']);
    expect(errors[0]!.message).toContain(String(DEFAULT_YAML_LIMITS.maxBytes));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('rejects 10,000 levels of [ at the level past the limit', () => {
    const { errors, ms } = reject('['.repeat(10_000), '10k [');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'yaml-too-deep', line: 1 });
    // At the bracket where nesting passes 64 levels, not at 1:1 or the end of the line.
    expect(errors[0]!.column).toBeGreaterThanOrEqual(DEFAULT_YAML_LIMITS.maxDepth - 1);
    expect(errors[0]!.column).toBeLessThanOrEqual(DEFAULT_YAML_LIMITS.maxDepth + 2);
    expect(ms).toBeLessThan(BOUND_MS);

    const nested = reject(`version: 1\ngroups: ${'['.repeat(10_000)}\n`, '10k [ in groups');
    expect(nested.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-too-deep 2:72']);
    expect(nested.ms).toBeLessThan(BOUND_MS);
  });

  it('rejects 10,000 levels of "- ", on one line and indented', () => {
    const line = reject(`${'- '.repeat(10_000)}x\n`, "10k '- '");
    expect(line.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-too-deep 1:129']);
    expect(line.ms).toBeLessThan(BOUND_MS);
    // Indented, 10,000 levels would be 100 MB; a thousand fit under the size limit.
    const indented = reject(`${Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}-`).join('\n')}\n`, "1k indented '-'");
    expect(indented.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-too-deep 65:129']);
    expect(indented.ms).toBeLessThan(BOUND_MS);
  });

  it('rejects anchor bombs at their first alias, however few aliases they use', () => {
    // 9 levels of 10 use 90 aliases, under the count limit; expanded they are 1.2 billion values.
    for (const [levels, width] of [
      [9, 10],
      [10, 10],
      [9, 9],
    ] as const) {
      const text = laughs(levels, width);
      const { errors, ms } = reject(text, `laughs ${levels}x${width}`);
      expect(
        errors.map((d) => `${d.code} ${d.line}:${d.column}`),
        `${levels}x${width}`,
      ).toEqual(['yaml-too-many-aliases 2:10']);
      expect(errors[0]!.message).toMatch(/expand/);
      expect(ms, `${levels}x${width}`).toBeLessThan(BOUND_MS);
    }
    // Used where the compiler reads it: as the version, as the groups.
    for (const tail of ['version: *l9\ngroups: []\n', 'version: 1\ngroups: *l9\n']) {
      const { errors, ms } = reject(laughs(9, 10) + tail, `laughs 9x10 as ${tail.includes('*l9\ngroups') ? 'version' : 'groups'}`);
      expect(errors.map((d) => d.code)).toEqual(['yaml-too-many-aliases']);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // More aliases than the limit: rejected before parsing, at the first alias over it.
    const wide = reject(`a: &a x\nversion: 1\ngroups: [${Array(150).fill('*a').join(', ')}]\n`, 'wide aliases');
    expect(wide.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([
      `yaml-too-many-aliases 3:${'groups: ['.length + 100 * '*a, '.length + 1}`,
    ]);
    expect(wide.ms).toBeLessThan(BOUND_MS);
  });

  it('rejects merge keys that copy a mapping thousands of times', () => {
    const big = `a: &a {${Array.from({ length: 200 }, (_, i) => `k${i}: ${i}`).join(', ')}}\n`;
    const { errors, ms } = reject(big + Array.from({ length: 90 }, (_, i) => `m${i}: {<<: *a}`).join('\n') + '\n', 'merge keys');
    expect(errors.map((d) => d.code)).toEqual(['yaml-syntax']);
    expect(errors[0]!.message).toContain('merge keys');
    expect(errors[0]!.line).toBeGreaterThan(1);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('rejects several documents, pointing at the second', () => {
    const { errors, ms } = reject('version: 1\ngroups: []\n---\nversion: 1\ngroups: []\n---\nversion: 1\n', '3 documents');
    expect(errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-multiple-documents 4:1']);
    expect(errors[0]!.message).toContain('found 3');
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('rejects a repeated key, at the repetition', () => {
    const top = reject('version: 1\ngroups: []\nversion: 1\n', 'repeated key');
    expect(top.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-syntax 3:1']);
    expect(top.errors[0]!.message).toContain('duplicated mapping key');
    const deep = reject(
      alertFile('        metric: cpu_usage_percent\n        metric: memory_usage_percent\n        above: 1\n'),
      'repeated key in alert',
    );
    expect(deep.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-syntax 7:9']);
    expect(Math.max(top.ms, deep.ms)).toBeLessThan(BOUND_MS);
  });

  it('turns megabyte-long lines around quickly, pointing into them', () => {
    const metric = reject(alertFile(`        metric: ${'x'.repeat(MiB)}\n        above: 1\n`), '1 MiB metric');
    expect(metric.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['rules.unknown-metric 6:17']);
    expect(metric.ms).toBeLessThan(BOUND_MS);

    const interval = reject(`version: 1\nscrape_interval: ${'9'.repeat(MiB)}x\ngroups: []\n`, '1 MiB interval');
    expect(interval.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['rules.shape 2:18']);
    expect(interval.ms).toBeLessThan(BOUND_MS);

    // A quarter of a megabyte of PromQL with an error at its very end.
    const expr = reject(alertFile(`        expr: ${'up + '.repeat(MiB / 20)}\n`), '256 KiB PromQL');
    expect(expr.errors.map((d) => d.code)).toEqual(['promql.syntax']);
    expect(expr.errors[0]!.line).toBe(6);
    expect(expr.ms).toBeLessThan(BOUND_MS);

    const summary = reject(alertFile(`        target_down: true\n        summary: "}} {{${' '.repeat(MiB)}"\n`), '1 MiB template');
    expect(summary.ms).toBeLessThan(BOUND_MS);

    // The report quotes a window of the line and the start of the message, not a megabyte.
    const metricText = alertFile(`        metric: ${'x'.repeat(MiB)}\n        above: 1\n`);
    for (const [errors, text] of [
      [metric.errors, metricText],
      [expr.errors, alertFile(`        expr: ${'up + '.repeat(MiB / 20)}\n`)],
    ] as const) {
      for (const d of errors) expect(formatDiagnostic(d, text).length).toBeLessThan(2_000);
    }
  });

  it('handles 100,000 alerts at exactly the size limit, and rejects one byte more', () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`    - {alert: A${i}, target_down: true}\n`);
    const body = `groups:\n  - name: g\n    alerts:\n${lines.join('')}`;
    const pad = (n: number) => `version: 1\ntitle: "${'x'.repeat(n)}"\n${body}`;
    const text = pad(DEFAULT_YAML_LIMITS.maxBytes - Buffer.byteLength(pad(0)));
    expect(Buffer.byteLength(text)).toBe(DEFAULT_YAML_LIMITS.maxBytes);

    const over = reject(text.replace('title: "', 'title: "x'), 'one byte over');
    expect(over.errors.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['yaml-too-large 1:1']);
    expect(over.ms).toBeLessThan(BOUND_MS);

    // The parser with its limits: well within the bound.
    const parsed = timed(() => parseYaml(text, FILE), 'parse 100k alerts');
    expect((parsed.value.value as { groups: { alerts: unknown[] }[] }).groups[0]!.alerts).toHaveLength(100_000);
    expect(parsed.ms).toBeLessThan(BOUND_MS);

    // Everything `vigil check` does (shape, meaning, the models of 100,000 alerts) is linear
    // work, about 3 s here: bounded generously, since a super-linear step would take minutes.
    const checked = timed(() => analyze([{ path: FILE, text }]), 'analyze 100k alerts');
    expect(checked.value.diagnostics.filter(isError)).toEqual([]);
    expect(checked.value.models[0]!.groups[0]!.alerts).toHaveLength(100_000);
    expect(checked.ms).toBeLessThan(10 * BOUND_MS);
  }, 60_000);

  it('reports 40,000 PromQL problems in time linear in their number', () => {
    // Each PromQL diagnostic once split the whole text into lines again: minutes for this file.
    const lines = ['version: 1\ngroups:\n  - name: g\n    alerts:\n'];
    for (let i = 0; i < 40_000; i++) lines.push(`    - {alert: A${i}, expr: "rate(x[1s]) > 1"}\n`);
    const { value, ms } = timed(() => analyze([{ path: FILE, text: lines.join('') }]), 'analyze 40k PromQL errors');
    const errors = value.diagnostics.filter(isError);
    expect(errors).toHaveLength(40_000);
    expect(new Set(errors.map((d) => d.code))).toEqual(new Set(['lint.rate-range']));
    expect(errors[39_999]).toMatchObject({ line: 40_004, column: 37 }); // at the range, 1s
    expect(ms).toBeLessThan(5 * BOUND_MS);
  }, 60_000);

  it('vigil check rejects an anchor bomb with file:line:column and the code, in seconds', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does it first)`);
    const tmp = scratch('vigil-hostile-');
    try {
      const file = join(tmp.dir, 'bomb.yaml');
      writeFileSync(file, `${laughs(9, 10)}version: 1\ngroups: *l9\n`);
      const started = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'check', '--rules', tmp.dir], { cwd: REPO, encoding: 'utf8', timeout: 20_000 });
      const ms = performance.now() - started;
      const rel = relative(REPO, file);
      const shown = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
      expect(r.error).toBeUndefined();
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`${shown}:2:10: error yaml-too-many-aliases: aliases expand the file by`);
      expect(r.stderr).toContain('1 error, 0 warnings');
      timings.push(`vigil check ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(5 * BOUND_MS);
    } finally {
      tmp.done();
    }
  });
});
