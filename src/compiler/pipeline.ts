// The orchestrator: the whole compile, pure, rule file texts in, output file texts and
// diagnostics out. load → shape → meaning → model → emitters (rules, tests, operator, then
// dashboards and Alertmanager through stack.ts); the only module that knows every emitter.
// Commands do the reading and writing.
import type { Diagnostic } from '../yaml/diagnostic.js';
import { buildFile } from './build.js';
import { operatorOutput, rulesOutput, testsOutput } from './conventions.js';
import { renderOperator } from './emit-operator.js';
import { renderRules } from './emit-rules.js';
import { renderTests, type TestNote } from './emit-tests.js';
import { loadFile, type LoadedFile, type SourceFile } from './load.js';
import { checkMeaning } from './meaning.js';
import type { RuleFileModel } from './model.js';
import { indexRecords } from './records.js';
import { isError } from './report.js';
import { stackOutputs } from './stack.js';
import { severityOrder } from './severities.js';
import { targetDiagnostics } from './target-check.js';
import { DEFAULT_TARGET, targetRulesOutput, type Target } from './targets.js';

export type OutputFormat = 'prometheus' | 'operator';

export interface CompileResult {
  /** Repository-relative output path → file text (empty when there are errors). */
  outputs: Map<string, string>;
  diagnostics: Diagnostic[];
  models: RuleFileModel[];
}

/** Parse, validate and build the models; no emitters. */
export function analyze(sources: readonly SourceFile[]): { models: RuleFileModel[]; files: LoadedFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: LoadedFile[] = [];
  const names = new Map<string, string>();
  for (const src of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    const { file, diagnostics: d } = loadFile(src);
    diagnostics.push(...d);
    if (!file) continue;
    const other = names.get(file.name);
    if (other) {
      diagnostics.push({
        code: 'rules.duplicate-file',
        file: src.path,
        line: 1,
        column: 1,
        message: `${src.path} and ${other} both compile to ${rulesOutput(file.name)}`,
        hint: 'rename one of them',
      });
      continue;
    }
    names.set(file.name, src.path);
    files.push(file);
  }
  const order = severityOrder(files.map((f) => f.spec));
  diagnostics.push(...checkMeaning(files, order));
  if (diagnostics.some(isError)) return { models: [], files, diagnostics };
  const records = indexRecords(files);
  return { models: files.map((f) => buildFile(f, records, order)), files, diagnostics };
}

export type Analysis = ReturnType<typeof analyze>;

export function compile(
  sources: readonly SourceFile[],
  format: OutputFormat = 'prometheus',
  target: Target = DEFAULT_TARGET,
): CompileResult {
  return emit(analyze(sources), format, target);
}

/**
 * The emitters over an analysis (so a caller that has analysed already does not again). A
 * target other than Prometheus gets its rule files alone, under <target>/rules/: the
 * promtool tests are Prometheus's, and dashboards and Alertmanager routing do not depend on
 * the rule engine (the default target writes them).
 */
export function emit(analysis: Analysis, format: OutputFormat = 'prometheus', target: Target = DEFAULT_TARGET): CompileResult {
  const { models, files } = analysis;
  const diagnostics = [...analysis.diagnostics];
  const outputs = new Map<string, string>();
  if (diagnostics.some(isError)) return { outputs, diagnostics, models: [] };
  if (target !== DEFAULT_TARGET) {
    diagnostics.push(...targetDiagnostics(files, target));
    if (diagnostics.some(isError)) return { outputs, diagnostics, models: [] };
    for (const m of models) if (m.groups.length || m.health) outputs.set(targetRulesOutput(target, m.name), renderRules(m, target));
    return { outputs, diagnostics, models };
  }
  models.forEach((m, i) => {
    // A file of routing only (`notify:` and no groups) has no rules to write.
    if (!m.groups.length && !m.health) return;
    if (format === 'operator') {
      outputs.set(operatorOutput(m.name), renderOperator(m));
      return;
    }
    const notes: TestNote[] = [];
    outputs.set(rulesOutput(m.name), renderRules(m));
    outputs.set(testsOutput(m.name), renderTests(m, notes));
    diagnostics.push(...testWarnings(files[i]!, m, notes));
  });
  if (format === 'prometheus') {
    try {
      for (const [path, text] of stackOutputs(models)) outputs.set(path, text);
    } catch (err) {
      // Meaning checks catch what they can; an emitter's own refusal still names the cause.
      const e = err as Error & { code?: string; hint?: string };
      const d: Diagnostic = { code: e.code ?? 'stack.emit', file: models[0]?.source ?? 'rules', line: 1, column: 1, message: e.message };
      if (e.hint) d.hint = e.hint;
      return { outputs: new Map(), diagnostics: [...diagnostics, d], models: [] };
    }
  }
  return { outputs, diagnostics, models };
}

/** Alerts the generated tests cannot cover, as warnings at the alert. */
function testWarnings(f: LoadedFile, m: RuleFileModel, notes: TestNote[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const where = new Map<string, { line: number; column: number }>();
  f.spec.groups.forEach((g, gi) => g.alerts.forEach((a, ai) => where.set(a.alert, f.doc.locate(['groups', gi, 'alerts', ai, 'alert']))));
  const warn = (alert: string, code: string, message: string, hint?: string) => {
    const p = where.get(alert) ?? { line: 1, column: 1 };
    const d: Diagnostic = { code, file: f.path, ...p, message: `${alert}: ${message}`, severity: 'warning' };
    if (hint) d.hint = hint;
    out.push(d);
  };
  for (const g of m.groups) {
    for (const a of g.alerts) {
      if (!a.scenarios && !a.examples.length)
        warn(a.name, 'test.none', `no generated test (${a.noTestReason ?? 'unknown'})`, 'add `examples:` so promtool proves it fires');
    }
  }
  for (const n of notes) warn(n.alert, 'test.note', n.message);
  return out;
}
