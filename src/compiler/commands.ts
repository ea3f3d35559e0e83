// `vigil compile | check | test`: the I/O edge of the compiler. Reads rules/, prints
// diagnostics with the offending line, writes or compares outputs, runs promtool.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs, UsageError, wantsHelp } from '../cli/args.js';
import { findExecutable } from '../cli/find-tool.js';
import { CHECK, COMPILE, TEST, commandHelp, knownFlags, valueFlags, type CommandHelp } from '../cli/usage.js';
import { formatDiagnostic, type Diagnostic } from '../yaml/diagnostic.js';
import { KUBERNETES_DEPLOY_DIR, RULES_DIR, testsOutput } from './conventions.js';
import type { SourceFile } from './load.js';
import type { RuleFileModel } from './model.js';
import { analyze, compile, emit, type Analysis, type CompileResult, type OutputFormat } from './pipeline.js';
import { isError } from './report.js';
import { targetDiagnostics } from './target-check.js';
import { DEFAULT_TARGET, isTarget, targetRulesDir, TARGETS, type Target } from './targets.js';
import { drift, FORMAT_DIRS, writeOutputs } from './write.js';

interface Options {
  rules: string;
  out: string;
  check: boolean;
  format: OutputFormat;
  target: Target;
}

// Flags are read by the one parser of every vigil command (cli/args.ts), declared in cli/usage.ts.
function parseOptions(args: readonly string[], command: CommandHelp): Options {
  const { flags, positionals } = parseArgs(args, valueFlags(command));
  const known = knownFlags(command);
  for (const flag of flags.keys()) if (!known.has(flag)) throw new UsageError(`unknown flag --${flag}`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const text = (name: string, what: string): string | undefined => {
    const v = flags.get(name);
    if (v === true || v === '') throw new UsageError(`--${name} needs ${what}`);
    return v;
  };
  const format = text('format', 'prometheus or operator') ?? 'prometheus';
  if (format !== 'prometheus' && format !== 'operator') throw new UsageError('--format is prometheus or operator');
  const target = text('target', TARGETS.join(', ')) ?? DEFAULT_TARGET;
  if (!isTarget(target)) throw new UsageError(`--target is one of ${TARGETS.join(', ')}, not "${target}"`);
  // PrometheusRule objects are the Prometheus Operator's; a ruler of another engine reads rule files.
  if (format === 'operator' && target !== DEFAULT_TARGET)
    throw new UsageError('--format operator writes PrometheusRule objects for Prometheus; leave out --target');
  return {
    rules: text('rules', 'a directory') ?? RULES_DIR,
    out: text('out', 'a directory') ?? '.',
    check: flags.has('check'),
    format,
    target,
  };
}

export function readRules(dir: string): SourceFile[] {
  if (!existsSync(dir)) throw new Error(`rules directory ${dir} does not exist`);
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => {
      const full = join(dir, n);
      const rel = relative(process.cwd(), full);
      return { path: rel.startsWith('..') || isAbsolute(rel) ? full : rel, text: readFileSync(full, 'utf8') };
    });
}

function printDiagnostics(ds: readonly Diagnostic[], sources: readonly SourceFile[]): void {
  const text = new Map(sources.map((s) => [s.path, s.text]));
  for (const d of ds) console.error(formatDiagnostic(d, text.get(d.file)));
  const errors = ds.filter(isError).length;
  const warnings = ds.length - errors;
  if (ds.length) console.error(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
}

function load(args: string[], command: CommandHelp): { o: Options; sources: SourceFile[] } | number {
  if (wantsHelp(args)) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  let o: Options;
  try {
    o = parseOptions(args, command);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`vigil: ${err.message}\n\n${commandHelp(command)}`);
    return 2;
  }
  try {
    return { o, sources: readRules(o.rules) };
  } catch (err) {
    console.error(`vigil: ${(err as Error).message}`);
    return 1;
  }
}

/** One directory of outputs compared or written as a set: `prefix` is how its paths are shown. */
interface OutputSet {
  root: string;
  prefix: string;
  outputs: Map<string, string>;
  dirs: readonly string[];
}

/**
 * The sets a compile writes: the asked format and target under --out and, for the default
 * compile, the shipped PrometheusRule objects under deploy/kubernetes/ when that directory is
 * there, so rules and the Kubernetes deployment cannot drift apart.
 */
function outputSets(o: Options, analysis: Analysis, result: CompileResult): OutputSet[] {
  const dirs = o.target === DEFAULT_TARGET ? FORMAT_DIRS[o.format] : [targetRulesDir(o.target)];
  const sets: OutputSet[] = [{ root: o.out, prefix: '', outputs: result.outputs, dirs }];
  const deploy = join(o.out, KUBERNETES_DEPLOY_DIR);
  if (o.format === 'prometheus' && o.target === DEFAULT_TARGET && existsSync(join(deploy, FORMAT_DIRS.operator[0]))) {
    sets.push({
      root: deploy,
      prefix: `${KUBERNETES_DEPLOY_DIR}/`,
      outputs: emit(analysis, 'operator').outputs,
      dirs: FORMAT_DIRS.operator,
    });
  }
  return sets;
}

export async function compileCommand(args: string[]): Promise<number> {
  const loaded = load(args, COMPILE);
  if (typeof loaded === 'number') return loaded;
  const { o, sources } = loaded;
  const analysis = analyze(sources);
  const result = emit(analysis, o.format, o.target);
  printDiagnostics(result.diagnostics, sources);
  if (result.diagnostics.some(isError)) {
    console.error('vigil compile: nothing written');
    return 1;
  }
  const sets = outputSets(o, analysis, result);
  if (o.check) {
    const drifted = sets.flatMap((set) => drift(set.root, set.outputs, set.dirs).map((d) => ({ ...d, path: set.prefix + d.path })));
    for (const d of drifted) console.log(`${d.state.padEnd(7)} ${d.path}`);
    const total = sets.reduce((n, set) => n + set.outputs.size, 0);
    if (drifted.length) {
      console.error(`vigil compile --check: ${drifted.length} output${drifted.length === 1 ? '' : 's'} out of date; run \`vigil compile\``);
      return 1;
    }
    console.log(`vigil compile --check: ${total} outputs up to date`);
    return 0;
  }
  let changed = 0;
  for (const set of sets) {
    const { written, removed } = writeOutputs(set.root, set.outputs, set.dirs);
    for (const p of written) console.log(`wrote   ${set.prefix}${p}`);
    for (const p of removed) console.log(`removed ${set.prefix}${p}`);
    changed += written.length;
  }
  const alerts = result.models.reduce((n, m) => n + m.groups.reduce((k, g) => k + g.alerts.length, 0), 0);
  console.log(
    `vigil compile: ${sources.length} rule file${sources.length === 1 ? '' : 's'}, ${alerts} alerts, ${changed} file${changed === 1 ? '' : 's'} changed`,
  );
  return 0;
}

export async function checkCommand(args: string[]): Promise<number> {
  const loaded = load(args, CHECK);
  if (typeof loaded === 'number') return loaded;
  const { o, sources } = loaded;
  const analysis = analyze(sources);
  const diagnostics = [...analysis.diagnostics];
  // What a target engine cannot keep; the files were checked for the language first.
  if (!diagnostics.some(isError) && o.target !== DEFAULT_TARGET) diagnostics.push(...targetDiagnostics(analysis.files, o.target));
  printDiagnostics(diagnostics, sources);
  if (diagnostics.some(isError)) return 1;
  printDetection(analysis.models);
  const result = emit(analysis, 'prometheus', o.target);
  const promtool = findExecutable('promtool');
  if (!promtool) {
    console.log(
      `vigil check: ${sources.length} rule files valid (promtool not found: install the Debian package "prometheus" to also run promtool check rules)`,
    );
    return 0;
  }
  const vmalert = o.target === 'vmalert' ? findExecutable('vmalert') : undefined;
  // promtool and vmalert read files: write the compiled rules to a scratch directory.
  const dir = mkdtempSync(join(tmpdir(), 'vigil-check-'));
  try {
    writeOutputs(dir, result.outputs);
    const files = [...result.outputs.keys()].filter((p) => p.startsWith(`${targetRulesDir(o.target)}/`)).map((p) => join(dir, p));
    const r = spawnSync(promtool, ['check', 'rules', '--lint-fatal', ...files], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stdout + r.stderr);
      console.error('vigil check: promtool check rules failed');
      return 1;
    }
    if (vmalert) {
      const v = spawnSync(vmalert, ['-dryRun', ...files.map((f) => `-rule=${f}`)], { encoding: 'utf8' });
      if (v.status !== 0) {
        process.stderr.write(v.stdout + v.stderr);
        console.error('vigil check: vmalert -dryRun refused the rules');
        return 1;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const also =
    o.target !== 'vmalert'
      ? ''
      : vmalert
        ? '; vmalert -dryRun loaded them'
        : ' (vmalert not found: install the Debian package "victoria-metrics" to also run vmalert -dryRun)';
  console.log(`vigil check: ${sources.length} rule files valid; promtool check rules passed${also}`);
  return 0;
}

/** Each alert level's effective detection time: how long after its condition it fires. */
function printDetection(models: readonly RuleFileModel[]): void {
  for (const m of models) {
    for (const g of m.groups) {
      for (const a of g.alerts) {
        for (const l of a.levels) if (l.detection) console.log(`${m.name}/${a.name} ${l.severity}: ${l.detection}`);
      }
    }
  }
}

export async function testCommand(args: string[]): Promise<number> {
  const loaded = load(args, TEST);
  if (typeof loaded === 'number') return loaded;
  const { o, sources } = loaded;
  const promtool = findExecutable('promtool');
  if (!promtool) {
    console.error('vigil test: promtool not found; install the Debian package "prometheus"');
    return 1;
  }
  const result = compile(sources);
  if (result.diagnostics.some(isError)) {
    printDiagnostics(result.diagnostics, sources);
    return 1;
  }
  const stale = drift(o.out, result.outputs, ['prometheus/rules', 'prometheus/tests']);
  if (stale.length) {
    console.error(`vigil test: ${stale.map((d) => d.path).join(', ')} out of date; run \`vigil compile\` first`);
    return 1;
  }
  let failed = 0;
  const tested = result.models.filter((m) => result.outputs.has(testsOutput(m.name)));
  for (const m of tested) {
    const file = join(o.out, 'prometheus/tests', `${m.name}.test.yml`);
    const r = spawnSync(promtool, ['test', 'rules', file], { encoding: 'utf8' });
    const output = r.stdout + r.stderr;
    const broken = new Set([...output.matchAll(/alertname: ([A-Za-z0-9_]+)/g)].map((x) => x[1]!));
    const exprFailures = [...output.matchAll(/expr: "ALERTS\{alertname=\\?"([A-Za-z0-9_]+)/g)].map((x) => x[1]!);
    exprFailures.forEach((n) => broken.add(n));
    for (const g of m.groups) {
      for (const a of g.alerts) {
        const cases = (a.scenarios?.length ?? 0) + a.examples.length;
        const status = r.status !== 0 && (broken.has(a.name) || !broken.size) ? 'FAIL' : cases ? 'ok  ' : 'none';
        console.log(`${status} ${m.name}/${a.name}${cases ? ` (${cases} case${cases === 1 ? '' : 's'})` : ' (no tests)'}`);
      }
    }
    if (r.status !== 0) {
      failed++;
      process.stderr.write(output);
    }
  }
  console.log(
    failed ? `vigil test: ${failed} test file${failed === 1 ? '' : 's'} failed` : `vigil test: all ${tested.length} test files passed`,
  );
  return failed ? 1 : 0;
}
