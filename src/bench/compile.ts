// `npm run bench compile`: 1,000 generated alert definitions across 20 rule files compile to
// rules, promtool tests, dashboards and routing (target < 2 s), with `promtool check rules` over the output
// printed beside it as the reference.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRules } from '../compiler/commands.js';
import { compile } from '../compiler/pipeline.js';
import { isError } from '../compiler/report.js';
import { writeOutputs } from '../compiler/write.js';

const FILES = 20;
const PER_FILE = 50;

/** One alert definition of a rotating kind, so every builder and emitter is exercised. */
function alert(file: number, i: number): string {
  const name = `Bench${file}Alert${i}`;
  switch (i % 10) {
    case 0:
      return `      - alert: ${name}\n        metric: cpu_usage_percent\n        above: { warning: ${60 + (i % 30)}, critical: 97 }\n        cooldown: 30m\n`;
    case 1:
      return `      - alert: ${name}\n        metric: memory_usage_percent\n        above: ${70 + (i % 25)}\n`;
    case 2:
      return `      - alert: ${name}\n        metric: disk_usage_percent\n        selector: { mountpoint: "/data${i}" }\n        above: { warning: 80, critical: 90 }\n        over: { window: 10m, using: avg }\n`;
    case 3:
      return `      - alert: ${name}\n        metric: disk_available_bytes\n        trend: { below: 0, within: 4h, lookback: 1h }\n`;
    case 4:
      return `      - alert: ${name}\n        probe: failing\n        selector: { probe: "p${i}" }\n        severity: critical\n`;
    case 5:
      return `      - alert: ${name}\n        probe: cert_expiring\n        within: { warning: 14d, critical: 3d }\n`;
    case 6:
      return `      - alert: ${name}\n        ratio: { metric: http_requests_total, errors: { code: { regex: "5.." } } }\n        above: "5%"\n        selector: { job: "svc${i}" }\n`;
    case 7:
      return `      - alert: ${name}\n        latency: { histogram: http_request_duration_seconds, quantile: 0.99 }\n        above: 0.5\n        selector: { job: "svc${i}" }\n`;
    case 8:
      return `      - alert: ${name}\n        metric: process_count\n        selector: { groupname: "g${i}" }\n        below: 1\n        severity: critical\n`;
    default:
      return `      - alert: ${name}\n        expr: 'app_queue_depth{queue="q${i}"}'\n        above: ${100 * i}\n`;
  }
}

export function generateRules(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < FILES; f++) {
    let text = `version: 1\ngroups:\n  - name: bench${f}\n    defaults:\n      selector: { job: vigil }\n      for: 5m\n    alerts:\n`;
    for (let i = 0; i < PER_FILE; i++) text += alert(f, i);
    writeFileSync(join(dir, `bench${String(f).padStart(2, '0')}.yaml`), text);
  }
}

export async function benchCompile(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'vigil-bench-compile-'));
  try {
    const rulesDir = join(root, 'rules');
    generateRules(rulesDir);
    const runs: number[] = [];
    let outputs = new Map<string, string>();
    for (let run = 0; run < 3; run++) {
      const out = join(root, `out${run}`);
      const started = process.hrtime.bigint();
      const result = compile(readRules(rulesDir));
      if (result.diagnostics.some(isError)) throw new Error(`bench rules do not compile: ${result.diagnostics[0]!.message}`);
      writeOutputs(out, result.outputs);
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
      outputs = result.outputs;
    }
    const rulesOut = join(root, 'out0', 'prometheus/rules');
    const ruleFiles = readdirSync(rulesOut).map((f) => join(rulesOut, f));
    const ruleCount = ruleFiles.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^ {6}- (alert|record):/gm)?.length ?? 0), 0);
    const lines = [
      `input: ${FILES} rule files, ${FILES * PER_FILE} alert definitions (10 kinds)`,
      `output: ${outputs.size} files, ${ruleCount} Prometheus rules`,
      `vigil compile (parse, validate, model; rules, tests, dashboards, Alertmanager; write): ${runs.map((r) => `${r.toFixed(0)} ms`).join(', ')} (first run includes warm-up; target < 2000 ms)`,
    ];
    const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    if (promtool.status === 0) {
      const started = process.hrtime.bigint();
      const check = spawnSync('promtool', ['check', 'rules', ...ruleFiles], { encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      lines.push(`reference: promtool check rules over the output: ${ms.toFixed(0)} ms (${check.status === 0 ? 'passed' : 'FAILED'})`);
      const best = Math.min(...runs);
      lines.push(`ratio: vigil compile / promtool check = ${(best / ms).toFixed(2)}`);
    } else {
      lines.push('reference: promtool not found (install the Debian package "prometheus")');
    }
    return lines.join('\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
