// A deterministic fuzz run of the rule compiler: random strings, mutations of the shipped rule
// files and golden inputs, and rule documents generated from the schema's keys with values of
// the right and the wrong types. Whatever comes in, `compile` and `analyze` must not throw, and
// every rejection must be a diagnostic a person can act on: a code, the file, a line and column
// inside the text, and a message.
//
// Everything random comes from one seed (VIGIL_FUZZ_SEED overrides it); each input has its own
// generator derived from (seed, kind, index), so a failure message names enough to replay it.
// VIGIL_FUZZ_SCALE=20 runs twenty times as many inputs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FRIENDLY_METRIC_NAMES, SEVERITIES } from '../../src/compiler/conventions.js';
import { analyze, compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import type { Diagnostic } from '../../src/yaml/diagnostic.js';
import { GOLDEN_DIR, REPO, goldenCases } from './support.js';

const SEED = Number(process.env['VIGIL_FUZZ_SEED'] ?? 0x5eed_2025) >>> 0;
const SEED_HEX = `0x${SEED.toString(16)}`;
const FILE = 'rules/fuzz.yaml';
/** VIGIL_FUZZ_SCALE multiplies the counts for a longer soak run. */
const SCALE = Math.max(1, Number(process.env['VIGIL_FUZZ_SCALE'] ?? 1) || 1);
const COUNTS = { random: 700 * SCALE, mutation: 1800 * SCALE, structured: 900 * SCALE };
/** One input taking this long means a pathological path (backtracking, an expansion), not a slow machine. */
const SLOW_INPUT_MS = 2_000;

// ---------------------------------------------------------------------------------------------
// Randomness

type Rng = () => number;

function mulberry32(a: number): Rng {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts: a stable per-input seed. */
function seedFor(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join('/')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return (h ^ SEED) >>> 0;
}

const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;

// ---------------------------------------------------------------------------------------------
// The corpus: shipped rule files and golden inputs

function corpus(): { name: string; text: string }[] {
  const rulesDir = join(REPO, 'rules');
  const shipped = readdirSync(rulesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: `rules/${f}`, text: readFileSync(join(rulesDir, f), 'utf8') }));
  const golden = goldenCases().map((c) => ({ name: `golden/${c}`, text: readFileSync(join(GOLDEN_DIR, c, 'input.yaml'), 'utf8') }));
  return [...shipped, ...golden];
}

// ---------------------------------------------------------------------------------------------
// (a) random strings

const YAML_CHARS = [...'&*[]{}:-|>!%@`#"\',?<=~\\/.$ \n\n\n  \t\r0123456789abcdefxyzAZ_'];
const TOKENS = [
  'version',
  'groups',
  'alerts',
  'alert',
  'name',
  'metric',
  'expr',
  'above',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '1',
  '0',
  '-1',
  '1.5',
  'true',
  'null',
  '~',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: ',
  '"',
  "'",
  '|',
  '|-',
  '>',
  '#',
  '!!str ',
  '!!int ',
  '!!map',
  '!!binary ',
  '!foo ',
  '---',
  '...',
  '? ',
  '%YAML 1.2',
  '%TAG ! tag:x,2000:',
  '\t',
  '\r\n',
  '\r',
  '\0',
  '\u2028',
  '\ufeff',
  'é',
  '😀',
  '\ud800',
  '5m',
  '"5%"',
  '{{ $value }}',
  'rate(x[5m])',
];

function randomString(r: Rng): { kind: string; text: string } {
  switch (int(r, 0, 4)) {
    case 0: {
      // any UTF-16 code units, lone surrogates included
      const n = int(r, 0, 300);
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, 0, 0xffff));
      return { kind: 'utf16', text: s };
    }
    case 1: {
      // bytes read as UTF-8 (invalid sequences become U+FFFD) or latin1
      const bytes = Buffer.alloc(int(r, 0, 400));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 0, 255);
      return { kind: 'bytes', text: bytes.toString(chance(r, 0.5) ? 'utf8' : 'latin1') };
    }
    case 2: {
      // YAML-significant characters
      const n = int(r, 0, 400);
      let s = '';
      for (let i = 0; i < n; i++) s += pick(r, YAML_CHARS);
      return { kind: 'yaml-chars', text: s };
    }
    case 3: {
      // printable ASCII lines
      const lines: string[] = [];
      for (let l = int(r, 0, 20); l > 0; l--) {
        let s = ' '.repeat(int(r, 0, 8));
        for (let i = int(r, 0, 40); i > 0; i--) s += String.fromCharCode(int(r, 32, 126));
        lines.push(s);
      }
      return { kind: 'ascii', text: lines.join('\n') };
    }
    default: {
      // token soup
      const n = int(r, 0, 120);
      let s = '';
      for (let i = 0; i < n; i++) s += pick(r, TOKENS);
      return { kind: 'tokens', text: s };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// (b) mutations

const METACHARS = [
  '&a ',
  '*a',
  '*a ',
  '&x *x',
  '[',
  ']',
  '{',
  '}',
  ': ',
  ':',
  '- ',
  '-',
  '|',
  '|+',
  '>',
  '>-',
  '!',
  '!!str ',
  '!!binary ',
  '!!set ',
  '!!omap ',
  '!!timestamp ',
  '!x ',
  '%',
  '@',
  '`',
  '#',
  '# ',
  '"',
  "'",
  '? ',
  ',',
  '<<: ',
  '<<: *a',
  '\t',
  '\0',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\u200b',
  'é',
  '😀',
  '\ud800',
  '\udfff',
  '---\n',
  '...\n',
  '\\',
  '{{',
  '}}',
  '$value',
  '$window',
  '%YAML 1.2\n',
  '\n',
  ' ',
  '~',
  '__proto__',
  'constructor',
];

/** Values of other types, and edge cases of the same types, for `key: value` lines. */
const SCALARS = [
  '0',
  '-1',
  '-0',
  '1e309',
  '-.inf',
  '.nan',
  '.inf',
  '0x1F',
  '0o17',
  '1_000',
  '1e3',
  '2.5',
  '0.0000001',
  '99999999999999999999',
  'true',
  'false',
  'yes',
  'null',
  '~',
  '',
  '[]',
  '{}',
  '[1, 2]',
  '[a, [b, [c]]]',
  '{a: 1}',
  '{warning: 1, critical: "x"}',
  '""',
  "''",
  '"5%"',
  '"-5%"',
  '"%"',
  '5m',
  '0s',
  '1h30m',
  '30m1h',
  '99999999999d',
  '1y',
  '-5m',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '!!binary aGVsbG8=',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '!!pairs [a: 1, a: 2]',
  '!!str 1',
  '!!int "x"',
  '!!float',
  '!!null x',
  '&v 1',
  '*v',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '"{{ $labels.instance"',
  '"{{ .Bad }}"',
  'rate(x[1s]) > 1',
  '"rate(x[5m]"',
  'sum by (',
  '"a\\u0000b"',
  '"\\ud800"',
  'é😀',
  'x'.repeat(5000),
  '|\n  multi\n  line',
  '>\n  folded\n  text',
  '{__proto__: {a: 1}}',
  '[*v]',
];

const KEYS = [
  'version',
  'title',
  'scrape_interval',
  'health',
  'notify',
  'groups',
  'name',
  'interval',
  'defaults',
  'alerts',
  'alert',
  'metric',
  'expr',
  'ratio',
  'latency',
  'probe',
  'absent',
  'target_down',
  'slo',
  'above',
  'below',
  'equal',
  'not_equal',
  'between',
  'outside',
  'within',
  'over',
  'trend',
  'anomaly',
  'severity',
  'for',
  'cooldown',
  'labels',
  'selector',
  'summary',
  'description',
  'runbook_url',
  'dashboard',
  'examples',
  'series',
  'at',
  'fires',
  'objective',
  'period',
  'availability',
  'events',
  'errors',
  'total',
  'window',
  'using',
  'quantile',
  'histogram',
  'baseline',
  'seasonality',
  'direction',
  'receivers',
  'routes',
  'match',
  'receiver',
  'webhook',
  'email',
  'url',
  'url_file',
  'default_receiver',
  '__proto__',
  'constructor',
  'prototype',
  '<<',
  'warning',
  'critical',
  'info',
  'regex',
  'not',
  'not_regex',
];

function mutate(r: Rng, source: string): { ops: string[]; text: string } {
  let lines = source.split('\n');
  const ops: string[] = [];
  const line = () => int(r, 0, Math.max(0, lines.length - 1));
  for (let n = pick(r, [1, 1, 1, 1, 1, 2, 2, 3, 4]); n > 0; n--) {
    const op = int(r, 0, 16);
    switch (op) {
      case 0: {
        const i = line();
        lines.splice(i, 1);
        ops.push(`delete ${i}`);
        break;
      }
      case 1: {
        const i = line();
        lines.splice(i, 0, lines[i] ?? '');
        ops.push(`duplicate ${i}`);
        break;
      }
      case 2: {
        const i = line();
        const j = line();
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        ops.push(`swap ${i} ${j}`);
        break;
      }
      case 3: {
        // flip characters
        const text = lines.join('\n');
        if (!text.length) break;
        const chars = [...text];
        for (let k = int(r, 1, 3); k > 0; k--)
          chars[int(r, 0, chars.length - 1)] = pick(r, [...YAML_CHARS, '\0', '\u2028', '😀', '\ufeff', '\ud800']);
        lines = chars.join('').split('\n');
        ops.push('flip');
        break;
      }
      case 4: {
        // insert a metacharacter
        const i = line();
        const l = lines[i] ?? '';
        const at = int(r, 0, l.length);
        const m = pick(r, METACHARS);
        lines[i] = l.slice(0, at) + m + l.slice(at);
        lines = lines.join('\n').split('\n');
        ops.push(`insert ${JSON.stringify(m)} at ${i}:${at}`);
        break;
      }
      case 5: {
        // truncate
        const text = lines.join('\n');
        const at = int(r, 0, text.length);
        lines = text.slice(0, at).split('\n');
        ops.push(`truncate ${at}`);
        break;
      }
      case 6: {
        // indentation
        const i = line();
        const l = lines[i] ?? '';
        const body = l.trimStart();
        const indent = l.length - body.length;
        const how = int(r, 0, 3);
        lines[i] =
          how === 0
            ? ' '.repeat(indent + int(r, 1, 4)) + body
            : how === 1
              ? ' '.repeat(Math.max(0, indent - int(r, 1, 4))) + body
              : how === 2
                ? '\t' + body
                : ' '.repeat(int(r, 0, 12)) + body;
        ops.push(`indent ${i}`);
        break;
      }
      case 7:
      case 8: {
        // replace a scalar with another type
        const candidates = lines.map((l, i) => (/^(\s*(?:- )?[\w'"]+:)\s*\S/.test(l) ? i : -1)).filter((i) => i >= 0);
        if (!candidates.length) break;
        const i = pick(r, candidates);
        const v = pick(r, SCALARS);
        const indent = (lines[i]!.match(/^\s*/)?.[0] ?? '') + '  ';
        lines[i] = lines[i]!.replace(/^(\s*(?:- )?[\w'"]+:)\s*.*$/, (_, k: string) => `${k} ${v.replace(/\n/g, `\n${indent}`)}`);
        lines = lines.join('\n').split('\n');
        ops.push(`value ${i} ${JSON.stringify(v.slice(0, 30))}`);
        break;
      }
      case 9: {
        // replace a key
        const candidates = lines.map((l, i) => (/^\s*(?:- )?\w+:/.test(l) ? i : -1)).filter((i) => i >= 0);
        if (!candidates.length) break;
        const i = pick(r, candidates);
        const k = pick(r, KEYS);
        lines[i] = lines[i]!.replace(/^(\s*(?:- )?)\w+:/, `$1${k}:`);
        ops.push(`key ${i} ${k}`);
        break;
      }
      case 10: {
        // duplicate a block: repeated keys, repeated alerts
        const i = line();
        const j = Math.min(lines.length, i + int(r, 1, 6));
        lines.splice(j, 0, ...lines.slice(i, j));
        ops.push(`block ${i}-${j}`);
        break;
      }
      case 11: {
        // a second document, or directives
        const i = line();
        lines.splice(i, 0, pick(r, ['---', '...', '--- !!map', '%YAML 1.1', '--- |']));
        ops.push(`document ${i}`);
        break;
      }
      case 12: {
        // another number
        const text = lines.join('\n');
        const nums = [...text.matchAll(/(?<=[\s[{,:])-?\d+(?:\.\d+)?(?=[\s,\]}])/g)];
        if (!nums.length) break;
        const m = pick(r, nums);
        const v = pick(r, ['0', '-1', '1', '0.5', '100', '1e9', '-0.001', '99.99', '3', '.inf']);
        lines = (text.slice(0, m.index) + v + text.slice(m.index + m[0].length)).split('\n');
        ops.push(`number ${m[0]} -> ${v}`);
        break;
      }
      case 13: {
        // another duration
        const text = lines.join('\n');
        const ds = [...text.matchAll(/\b\d+(?:ms|[smhdwy])\b/g)];
        if (!ds.length) break;
        const m = pick(r, ds);
        const v = pick(r, DURATIONS);
        lines = (text.slice(0, m.index) + v + text.slice(m.index + m[0].length)).split('\n');
        ops.push(`duration ${m[0]} -> ${v}`);
        break;
      }
      case 14: {
        // a comment, on its own line or after a value
        const i = line();
        const c = `# ${pick(r, METACHARS)}${pick(r, KEYS)}: ${pick(r, METACHARS)}`.replace(/[\n\r\u2028\u0085]/g, ' ');
        if (chance(r, 0.5)) lines.splice(i, 0, ' '.repeat(int(r, 0, 8)) + c);
        else lines[i] = `${lines[i] ?? ''} ${c}`;
        ops.push(`comment ${i}`);
        break;
      }
      case 15: {
        // another alert name or severity
        const candidates = lines.map((l, i) => (/^\s*(?:- )?(?:alert|severity):/.test(l) ? i : -1)).filter((i) => i >= 0);
        if (!candidates.length) break;
        const i = pick(r, candidates);
        const v = /alert:/.test(lines[i]!) ? pick(r, [`Renamed${int(r, 0, 9)}`, ...NAMES]) : sev(r);
        lines[i] = lines[i]!.replace(/:.*$/, `: ${JSON.stringify(v)}`);
        ops.push(`rename ${i} ${v.slice(0, 20)}`);
        break;
      }
      default: {
        // anchors and aliases around real values
        const candidates = lines.map((l, i) => (/^\s*(?:- )?\w+: \S/.test(l) ? i : -1)).filter((i) => i >= 0);
        if (candidates.length < 2) break;
        const a = pick(r, candidates);
        const b = pick(r, candidates);
        lines[a] = lines[a]!.replace(/^(\s*(?:- )?\w+:) /, '$1 &v ');
        lines[b] = lines[b]!.replace(/^(\s*(?:- )?\w+:) .*$/, '$1 *v');
        ops.push(`alias ${a}->${b}`);
      }
    }
  }
  return { ops, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------
// (c) structure-aware generation from the schema's keys

const EXPRS = [
  'up == 0',
  'node_load1 > 4',
  'sum by (instance) (rate(app_errors_total[5m])) > 1',
  'app_queue_depth{queue="mail"}',
  'rate(x_total[1s]) > 1',
  'absent(up{job="x"})',
  'sum(rate(http_requests_total{code=~"5.."}[$window]))',
  'rate(x[',
  'sum by (',
  '1 +',
  '"unterminated',
  ')',
  '',
  'up{',
  'a and on() b',
  'up{job=`raw`}',
  "up{job='it\\'s'}",
  'up{job="\\x41\\u00e9"}',
  'up{job="\\q"}',
  'x_total{job="a"}',
];
const DURATIONS = [
  '30s',
  '1m',
  '5m',
  '10m',
  '1h',
  '4h',
  '1d',
  '14d',
  '0s',
  '1h30m',
  '30m1h',
  'five minutes',
  '5',
  '-1m',
  '1y',
  '99999999999999999999s',
];
const NAMES = [
  'HostCpuHigh',
  'A',
  'Dup',
  'Dup',
  'x',
  'lower',
  '1Bad',
  'Has Space',
  '',
  '__proto__',
  'constructor',
  'toString',
  'Ünïcode',
  'A'.repeat(300),
];
const METRIC_NAMES = [...FRIENDLY_METRIC_NAMES, 'cpu_usage', 'constructor', '__proto__', 'toString', ''];
const TEMPLATES = [
  '{{ $labels.instance }} is high',
  '{{ $value | humanize }}',
  '{{ $labels.nope }}',
  '{{ $labels.',
  '{{ .Bad }}',
  'plain',
  '{{ range }}',
  '',
  '{{ printf "%.1f\\x25" $value }}',
  '{{ "\\q" }}',
  '{{- $value -}}',
  '}} {{',
  `{{ ${' '.repeat(3000)}x`,
];

/** A wrongly typed (or deeply nested, or huge) value. */
function junk(r: Rng, depth = 0): unknown {
  switch (int(r, 0, 14)) {
    case 0:
      return null;
    case 1:
      return int(r, -5, 5);
    case 2:
      return pick(r, [1.5, -0.001, 1e308, Infinity, -Infinity, NaN, 2 ** 53 + 1]);
    case 3:
      return '';
    case 4:
      return pick(r, ['x', 'yes', '5%', '5m', '__proto__', 'é😀', '{{', '$value']);
    case 5:
      return chance(r, 0.5);
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return depth > 3 ? 1 : [junk(r, depth + 1), junk(r, depth + 1)];
    case 9:
      return depth > 3 ? 'x' : { a: junk(r, depth + 1), [pick(r, KEYS)]: junk(r, depth + 1) };
    case 10: {
      // nesting around the depth limit
      let v: unknown = 1;
      for (let i = int(r, 50, 70); i > 0; i--) v = chance(r, 0.5) ? [v] : { k: v };
      return v;
    }
    case 11:
      return 'x'.repeat(int(r, 1000, 20_000));
    case 12:
      return new Date(Date.UTC(2001, 11, 14));
    case 13:
      return pick(r, DURATIONS);
    default:
      return pick(r, EXPRS);
  }
}

const sev = (r: Rng) => pick(r, [...SEVERITIES, 'page', 'Warning']);
const level = (r: Rng, value: (r: Rng) => unknown) =>
  chance(r, 0.6) ? value(r) : Object.fromEntries(SEVERITIES.filter(() => chance(r, 0.6)).map((s) => [s, value(r)]));
const threshold = (r: Rng) =>
  chance(r, 0.85) ? pick(r, [0, 1, 2, 5, 50, 80, 90, 95, 0.05, -1]) : pick(r, ['5%', '95%', '-5%', '5.5%', 'x%']);
const selectorOf = (r: Rng) =>
  Object.fromEntries(
    Array.from({ length: int(r, 0, 2) }, () => [
      pick(r, ['job', 'instance', 'mountpoint', 'probe', 'groupname', 'code', 'bad label', '__name__']),
      pick(r, ['vigil', '/', 'api', { regex: '5..' }, { not: 'x' }, { not_regex: '(' }, { regex: 1 }]),
    ]),
  );
const labelsOf = (r: Rng) =>
  Object.fromEntries(
    Array.from({ length: int(r, 0, 2) }, () => [
      pick(r, ['team', 'tier', 'severity', 'alertname', '__x', 'bad-name']),
      pick(r, ['ops', 'db', '{{ $value }}', 'x']),
    ]),
  );

/** For each alert key, a generator of plausible values (the wrong types come from `junk`). */
const ALERT_VALUES: Record<string, (r: Rng) => unknown> = {
  metric: (r) => pick(r, METRIC_NAMES),
  expr: (r) => pick(r, EXPRS),
  ratio: (r) =>
    chance(r, 0.5)
      ? {
          metric: pick(r, ['http_requests_total', 'bad name']),
          errors: selectorOf(r),
          ...(chance(r, 0.3) ? { window: pick(r, DURATIONS) } : {}),
          ...(chance(r, 0.3) ? { by: ['job', 'job'] } : {}),
        }
      : { errors: pick(r, EXPRS), total: pick(r, EXPRS) },
  latency: (r) => ({
    histogram: pick(r, ['http_request_duration_seconds', '']),
    quantile: pick(r, [0.5, 0.99, 1, 0, -1]),
    ...(chance(r, 0.3) ? { window: pick(r, DURATIONS) } : {}),
  }),
  probe: (r) => pick(r, ['failing', 'slow', 'cert_expiring', 'other']),
  absent: (r) =>
    chance(r, 0.5)
      ? pick(r, ['node_load1', 'up{job="x"}', 'up{job=`x`}', "up{job='\\x41'}", 'rate(x[5m])', ''])
      : { metric: pick(r, ['node_load1', '{', 'up{a=`b`}']), window: pick(r, DURATIONS) },
  target_down: (r) => pick(r, [true, true, false]),
  slo: (r) => ({
    objective: pick(r, [99.9, 99, '99.5%', 100, 0, -1]),
    ...(chance(r, 0.5) ? { period: pick(r, DURATIONS) } : {}),
    ...pick(r, [
      { availability: { metric: 'http_requests_total', errors: { code: { regex: '5..' } } } },
      { latency: { histogram: 'http_request_duration_seconds', faster_than: pick(r, [0.3, '300ms']) } },
      { events: { errors: pick(r, EXPRS), total: pick(r, EXPRS) } },
      {},
    ]),
  }),
  above: (r) => level(r, threshold),
  below: (r) => level(r, threshold),
  equal: (r) => level(r, threshold),
  not_equal: (r) => level(r, threshold),
  between: (r) => level(r, (q) => [threshold(q), threshold(q)]),
  outside: (r) => level(r, (q) => [threshold(q), threshold(q)]),
  within: (r) => level(r, (q) => pick(q, DURATIONS)),
  over: (r) => ({
    window: pick(r, DURATIONS),
    using: pick(r, ['avg', 'min', 'max', 'last', 'quantile', 'median']),
    ...(chance(r, 0.3) ? { quantile: pick(r, [0.9, 2]) } : {}),
  }),
  trend: (r) =>
    pick(r, [
      { below: 0, within: pick(r, DURATIONS) },
      { rising_faster_than: 100, per: pick(r, DURATIONS) },
      { above: 1, below: 2 },
      {},
      { below: 0, within: '1h', using: 'rate' },
    ]),
  anomaly: (r) => ({
    baseline: pick(r, DURATIONS),
    ...(chance(r, 0.5) ? { seasonality: pick(r, ['daily', 'weekly', 'hourly']) } : {}),
    ...(chance(r, 0.3) ? { deviations: pick(r, [3, 0, -1]) } : {}),
  }),
  severity: sev,
  for: (r) => pick(r, DURATIONS),
  cooldown: (r) => pick(r, DURATIONS),
  labels: labelsOf,
  selector: selectorOf,
  summary: (r) => pick(r, TEMPLATES),
  description: (r) => pick(r, TEMPLATES),
  runbook_url: (r) => pick(r, ['https://runbooks.example.org/{alert}', '']),
  dashboard: (r) => chance(r, 0.5),
  examples: (r) =>
    Array.from({ length: int(r, 0, 2) }, () => ({
      ...(chance(r, 0.5) ? { name: 'case' } : {}),
      series: {
        [pick(r, ['node_load1{instance="a"}', 'app_errors_total{instance="a"}', 'not a selector{'])]: pick(r, ['0+600x10', '1x10', 'junk']),
      },
      at: pick(r, DURATIONS),
      fires: Array.from({ length: int(r, 0, 2) }, () => sev(r)),
    })),
};
const WHAT = ['metric', 'expr', 'ratio', 'latency', 'probe', 'absent', 'target_down', 'slo'];
const EXTRA = Object.keys(ALERT_VALUES).filter((k) => !WHAT.includes(k));

/** An object that may also carry keys such as __proto__ as own, enumerable properties. */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function value(r: Rng, gen: (r: Rng) => unknown, wrong: number): unknown {
  return chance(r, wrong) ? junk(r) : gen(r);
}

function generateDocument(r: Rng): unknown {
  const wrong = pick(r, [0, 0, 0.02, 0.05, 0.15, 0.4]);
  const alert = (): Record<string, unknown> => {
    const a: Record<string, unknown> = {};
    if (!chance(r, wrong)) put(a, 'alert', chance(r, 0.8) ? `Alert${int(r, 0, 30)}` : pick(r, NAMES));
    for (let n = chance(r, 0.9) ? 1 : int(r, 0, 2); n > 0; n--) {
      const k = pick(r, WHAT);
      put(a, k, value(r, ALERT_VALUES[k]!, wrong));
    }
    for (let n = int(r, 0, 4); n > 0; n--) {
      const k = pick(r, EXTRA);
      put(a, k, value(r, ALERT_VALUES[k]!, wrong));
    }
    if (chance(r, wrong)) put(a, pick(r, KEYS), junk(r));
    return a;
  };
  const group = (): Record<string, unknown> => {
    const g: Record<string, unknown> = {};
    put(
      g,
      'name',
      value(r, () => pick(r, ['host', 'app', 'g', 'g', '']), wrong),
    );
    if (chance(r, 0.2))
      put(
        g,
        'interval',
        value(r, () => pick(r, DURATIONS), wrong),
      );
    if (chance(r, 0.3)) {
      put(
        g,
        'defaults',
        value(
          r,
          () => ({
            ...(chance(r, 0.5) ? { severity: sev(r) } : {}),
            ...(chance(r, 0.5) ? { for: pick(r, DURATIONS) } : {}),
            ...(chance(r, 0.5) ? { selector: selectorOf(r) } : {}),
            ...(chance(r, 0.5) ? { labels: labelsOf(r) } : {}),
            ...(chance(r, 0.3) ? { dashboard_url: pick(r, ['http://grafana', 'ftp://x']) } : {}),
          }),
          wrong,
        ),
      );
    }
    put(
      g,
      'alerts',
      value(r, () => Array.from({ length: int(r, 0, 4) }, alert), wrong),
    );
    return g;
  };
  const doc: Record<string, unknown> = {};
  put(doc, 'version', chance(r, 0.9) ? 1 : pick(r, [2, '1', 0, null, [1], 1.0000001]));
  if (chance(r, 0.2))
    put(
      doc,
      'title',
      value(r, () => 'Title', wrong),
    );
  if (chance(r, 0.2))
    put(
      doc,
      'scrape_interval',
      value(r, () => pick(r, DURATIONS), wrong),
    );
  if (chance(r, 0.15))
    put(
      doc,
      'health',
      value(r, () => pick(r, [true, false, { selector: selectorOf(r) }]), wrong),
    );
  if (chance(r, 0.15)) {
    put(
      doc,
      'notify',
      value(
        r,
        () => ({
          default_receiver: pick(r, ['team', 'nobody']),
          receivers: [
            {
              name: 'team',
              webhook: pick(r, [
                { url: 'http://hooks.example.org/x' },
                { url: 'http://u:p@x/?q=1' },
                { url: 'not a url' },
                {},
                { url: 'http://a', url_file: 'f' },
              ]),
            },
          ],
          ...(chance(r, 0.5)
            ? { routes: [{ match: pick(r, [{ severity: 'critical' }, {}, { team: { not: 'x' } }]), receiver: pick(r, ['team', 'teem']) }] }
            : {}),
        }),
        wrong,
      ),
    );
  }
  put(
    doc,
    'groups',
    value(r, () => Array.from({ length: int(r, 0, 3) }, group), wrong),
  );
  if (chance(r, wrong)) put(doc, pick(r, KEYS), junk(r));
  return doc;
}

function serialize(r: Rng, doc: unknown): string {
  switch (int(r, 0, 3)) {
    case 0:
      return JSON.stringify(doc, null, int(r, 0, 1) ? 2 : undefined);
    default:
      return yaml.dump(doc, { flowLevel: int(r, -1, 4), noRefs: true, lineWidth: -1, skipInvalid: true, indent: int(r, 1, 4) });
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

interface Outcome {
  accepted: boolean;
  codes: string[];
  all: Diagnostic[];
  ms: number;
  problems: string[];
}

const CODE = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** YAML's line breaks: CRLF, CR and LF (a leading byte order mark is not part of line 1). */
function linesOf(text: string): string[] {
  return text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
}

function checkDiagnostics(ds: readonly Diagnostic[], text: string): string[] {
  const lines = linesOf(text);
  const problems: string[] = [];
  for (const d of ds) {
    const where = `${d.code} ${d.line}:${d.column}`;
    if (typeof d.code !== 'string' || !CODE.test(d.code)) problems.push(`bad code ${JSON.stringify(d.code)}`);
    if (d.file !== FILE) problems.push(`${where}: file ${JSON.stringify(d.file)}`);
    if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length) problems.push(`${where}: line outside 1..${lines.length}`);
    else if (!Number.isInteger(d.column) || d.column < 1 || d.column > lines[d.line - 1]!.length + 1) {
      problems.push(`${where}: column outside 1..${lines[d.line - 1]!.length + 1}`);
    }
    if (typeof d.message !== 'string' || !d.message.trim()) problems.push(`${where}: empty message`);
    if (d.hint !== undefined && (typeof d.hint !== 'string' || !d.hint.trim())) problems.push(`${where}: empty hint`);
    if (d.severity !== undefined && d.severity !== 'error' && d.severity !== 'warning')
      problems.push(`${where}: severity ${String(d.severity)}`);
  }
  return problems;
}

function run(text: string): Outcome {
  const started = performance.now();
  const problems: string[] = [];
  let accepted = false;
  let codes: string[] = [];
  let all: Diagnostic[] = [];
  try {
    const result = compile([{ path: FILE, text }]);
    all = result.diagnostics;
    const errors = result.diagnostics.filter(isError);
    accepted = errors.length === 0;
    codes = errors.map((d) => d.code);
    problems.push(...checkDiagnostics(result.diagnostics, text));
    if (accepted) {
      if (result.outputs.size === 0) problems.push('accepted, but no outputs');
      for (const [path, out] of result.outputs) if (typeof out !== 'string' || !out.length) problems.push(`accepted, but ${path} is empty`);
      if (result.models.length !== 1) problems.push(`accepted with ${result.models.length} models`);
    } else if (result.outputs.size) {
      problems.push(`rejected, but wrote ${[...result.outputs.keys()].join(', ')}`);
    }
    const a = analyze([{ path: FILE, text }]);
    problems.push(...checkDiagnostics(a.diagnostics, text));
    const fromAnalyze = a.diagnostics.filter(isError).map((d) => `${d.code} ${d.line}:${d.column}`);
    const fromCompile = errors.map((d) => `${d.code} ${d.line}:${d.column}`);
    if (fromAnalyze.join('\n') !== fromCompile.join('\n'))
      problems.push(`analyze and compile disagree: ${fromAnalyze.join(', ')} vs ${fromCompile.join(', ')}`);
  } catch (err) {
    problems.push(`threw ${err instanceof Error ? err.stack?.split('\n').slice(0, 4).join(' | ') : String(err)}`);
  }
  const ms = performance.now() - started;
  if (ms > SLOW_INPUT_MS) problems.push(`took ${ms.toFixed(0)} ms`);
  return { accepted, codes, all, ms, problems };
}

function show(text: string): string {
  const s = JSON.stringify(text);
  return s.length > 600 ? `${s.slice(0, 600)}… (${text.length} chars)` : s;
}

// ---------------------------------------------------------------------------------------------
// Regression cases: inputs that once crashed or gave a bad position, with the codes they must give.

const bomb = (levels: number, width: number, tail: string) => {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${tail}`;
};

const alertWith = (body: string) => `version: 1\ngroups:\n- name: g\n  alerts:\n  - alert: A\n    ${body}\n`;

/**
 * Regression cases: each names its distinct error codes, and `all` its every diagnostic as
 * `code line:column` (warnings prefixed `warn`). Those marked "was:" crashed, hung or pointed
 * outside the text before the fix next to them.
 */
const FIXED: { name: string; text: string; codes: string[]; all?: string[] }[] = [
  { name: 'empty file', text: '', codes: ['rules.not-a-mapping'], all: ['rules.not-a-mapping 1:1'] },
  { name: 'a scalar document', text: '42\n', codes: ['rules.not-a-mapping'], all: ['rules.not-a-mapping 1:1'] },
  { name: 'a minimal valid file', text: 'version: 1\ngroups: []\n', codes: [], all: [] },
  {
    name: 'a wide, shallow alias use',
    text: `a: &a [${Array(50).fill('1').join(',')}]\nversion: 1\ngroups: [${Array(40).fill('*a').join(',')}]\n`,
    codes: ['rules.shape'],
  },
  {
    name: 'a proto key as a label',
    text: alertWith('target_down: true\n    labels: {__proto__: x}'),
    codes: ['rules.reserved-label'],
    all: ['rules.reserved-label 7:14'],
  },
  {
    name: 'constructor as a friendly metric',
    text: alertWith('metric: constructor\n    above: 1'),
    codes: ['rules.unknown-metric'],
    all: ['rules.unknown-metric 6:13'],
  },
  // was: version: *bomb went through JSON.stringify of a 387-million-element expansion (20 s, then a
  // RangeError out of compile); nine levels of nine aliases stay under the alias count limit.
  {
    name: 'an alias bomb under the alias limit, used as version',
    text: bomb(8, 9, 'version: *l8\ngroups: []\n'),
    codes: ['yaml-too-many-aliases'],
    all: ['yaml-too-many-aliases 2:10'],
  },
  {
    name: 'an alias bomb under the alias limit, unused',
    text: bomb(8, 9, 'version: 1\ngroups: []\n'),
    codes: ['yaml-too-many-aliases'],
    all: ['yaml-too-many-aliases 2:10'],
  },
  // was: js-yaml counts a lone CR as a line break, our line table did not (positions past the last line).
  {
    name: 'lone CR line breaks',
    text: 'version: 1\rgroups:\r  - name: x\r    alerts:\r      - alert: [\r',
    codes: ['yaml-syntax'],
    all: ['yaml-syntax 6:1'],
  },
  {
    name: 'lone CR line breaks, shape error',
    text: 'version: 1\rgroups:\r  - name: x\r    alerts:\r      - alert: 5\r',
    codes: ['rules.shape'],
    all: ['rules.shape 5:16'],
  },
  // was: a NUL came back on line 1, with its offset in the file as the column.
  { name: 'NUL on line 2', text: 'version: 1\n\0groups: []\n', codes: ['yaml-syntax'], all: ['yaml-syntax 2:1'] },
  // was: js-yaml drops a leading byte order mark, which shifted every position one character left.
  {
    name: 'byte order mark',
    text: '\ufeffversion: 1\ngroups:\n  - name: x\n    alerts:\n      - alert: 5\n',
    codes: ['rules.shape'],
    all: ['rules.shape 5:16'],
  },
  { name: 'byte order mark, syntax error', text: '\ufeffversion: 1\ngroups: [\n', codes: ['yaml-syntax'], all: ['yaml-syntax 3:1'] },
  // was: line 3 of a two-line file (js-yaml appends a newline before parsing).
  {
    name: 'error at the end of a file without a final newline',
    text: 'version: 1\ngroups: [',
    codes: ['yaml-syntax'],
    all: ['yaml-syntax 2:10'],
  },
  // was: yaml-syntax at 1:1, whatever the line.
  {
    name: 'nesting past the depth limit',
    text: `version: 1\ngroups: ${'['.repeat(100)}`,
    codes: ['yaml-too-deep'],
    all: ['yaml-too-deep 2:72'],
  },
  {
    name: 'block-sequence nesting past the depth limit',
    text: `version: 1\ngroups:\n${Array.from({ length: 80 }, (_, i) => `${' '.repeat(2 * i)}- `).join('\n')}x\n`,
    codes: ['yaml-too-deep'],
    all: ['yaml-too-deep 66:127'],
  },
  // was: PromQL errors at the end of a block scalar pointed at the line after it; in folded and
  // multi-line flow scalars, at a column past the end of the first line.
  {
    name: 'PromQL error at the end of a block scalar',
    text: alertWith('expr: |\n      rate(x[5m]) > 1 +'),
    codes: ['promql.syntax'],
    all: ['promql.syntax 7:24'],
  },
  {
    name: 'PromQL error at the end of a folded scalar',
    text: alertWith('expr: >\n      rate(x[5m])\n      > 1 +'),
    codes: ['promql.syntax'],
    all: ['promql.syntax 8:12'],
  },
  {
    name: 'PromQL error in a multi-line plain scalar',
    text: alertWith('expr: rate(x[5m])\n      > 1 +'),
    codes: ['promql.syntax'],
    all: ['promql.syntax 7:12'],
  },
  {
    name: 'PromQL error in a multi-line quoted scalar',
    text: alertWith('expr: "rate(x[5m])\n      > 1 +"'),
    codes: ['promql.syntax'],
    all: ['promql.syntax 7:12'],
  },
  // was: generated tests simulated every minute of `for`, windows and seasons: `for: 1y` wrote a
  // 30 KB test in a second, over: { window: 1y } computed for hours, a 200-year `for` ran out
  // of memory and a 20-digit one killed the process (V8 "invalid size error").
  {
    name: 'a year-long for',
    text: alertWith('metric: cpu_usage_percent\n    above: 80\n    for: 1y'),
    codes: [],
    all: ['warn test.none 5:12'],
  },
  {
    name: 'a year-long over window',
    text: alertWith('metric: cpu_usage_percent\n    above: 80\n    over: { window: 1y, using: max }'),
    codes: [],
    all: ['warn test.none 5:12'],
  },
  {
    name: 'a 200-year for on an SLO',
    text: alertWith('slo: { objective: 99.9, availability: { metric: http_requests_total, errors: { code: "500" } } }\n    for: 200y'),
    codes: [],
    all: ['warn test.none 5:12'],
  },
  {
    name: 'a week-long trend',
    text: alertWith('metric: disk_available_bytes\n    trend: { below: 0, within: 4h, lookback: 7d }\n    for: 7d'),
    codes: [],
    all: ['warn test.none 5:12'],
  },
  {
    name: 'a weekly anomaly with a long baseline',
    text: alertWith('metric: load_per_cpu\n    anomaly: { baseline: 6d, seasonality: weekly }'),
    codes: [],
    all: ['warn test.none 5:12'],
  },
  {
    name: "a duration beyond Prometheus's 292 years",
    text: alertWith('metric: cpu_usage_percent\n    above: 80\n    for: 99999999999999999999s'),
    codes: ['rules.duration'],
    all: ['rules.duration 8:10'],
  },
  // was: PromQL label values were read with JSON.parse, which threw out of compile on Go's quoting.
  { name: 'a raw-string label value', text: alertWith("absent: 'up{job=`x`}'"), codes: [], all: [] },
  { name: 'a single-quoted label value with an escape', text: alertWith("absent: \"up{job='it\\\\'s'}\""), codes: [], all: [] },
  { name: 'a hex escape in a label value', text: alertWith('absent: \'up{job="\\x41"}\''), codes: [], all: [] },
  {
    name: 'an invalid escape in a label value',
    text: alertWith('absent: \'up{job="\\q"}\''),
    codes: ['rules.absent-selector'],
    all: ['rules.absent-selector 6:13'],
  },
  {
    name: 'a raw string in an example series',
    text: alertWith("target_down: true\n    examples:\n      - series: { 'up{job=`x`}': '0x10' }\n        at: 5m\n        fires: []"),
    codes: [],
    all: [],
  },
  // was: template strings too (\q is no escape: the test then checks labels only).
  {
    name: 'a Go escape in a template string',
    text: alertWith('target_down: true\n    summary: \'{{ "\\x41" }} {{ printf "\\q" }}\''),
    codes: [],
    all: ['warn test.note 5:12'],
  },
  // was: the template action regex backtracked in cubic time over spaces (40 s for 4,000).
  {
    name: 'template braces around many spaces',
    text: alertWith(`target_down: true\n    summary: '}} {{${' '.repeat(20_000)}'`),
    codes: [],
    all: [],
  },
  // was: /\s*$/ is quadratic over a run of spaces that is not at the end (4.6 s for 80,000).
  {
    name: 'many spaces inside an absent selector',
    text: alertWith(`absent: 'up{job="x"${' '.repeat(80_000)}, a="b"}'\n    selector: { instance: a }`),
    codes: [],
    all: [],
  },
  // was: accepted by analyze (`vigil check`), then refused by the Alertmanager emitter in compile at 1:1.
  {
    name: 'a secret file with a path',
    text: `version: 1\nnotify:\n  default_receiver: team\n  receivers:\n    - name: team\n      webhook: { url_file: ../hook-url }\n      email: { to: a@example.org, from: b@example.org, smarthost: "m:25", auth_password_file: smt/-password }\ngroups: []\n`,
    codes: ['notify.secret-path'],
    all: ['notify.secret-path 6:28', 'notify.secret-path 7:95'],
  },
  // was: "did you mean" compared the whole word with every catalog name (3 s for 1 MB).
  {
    name: 'a very long unknown metric',
    text: alertWith(`metric: ${'x'.repeat(1_000_000)}\n    above: 1`),
    codes: ['rules.unknown-metric'],
    all: ['rules.unknown-metric 6:13'],
  },
];

// ---------------------------------------------------------------------------------------------

describe(`fuzzing the rule compiler (seed ${SEED_HEX})`, () => {
  it('keeps its regression cases fixed', () => {
    const failures: string[] = [];
    for (const c of FIXED) {
      const o = run(c.text);
      const codes = [...new Set(o.codes)].sort();
      const all = o.all.map((d) => `${d.severity === 'warning' ? 'warn ' : ''}${d.code} ${d.line}:${d.column}`).sort();
      if (
        o.problems.length ||
        codes.join(',') !== [...c.codes].sort().join(',') ||
        (c.all && all.join(', ') !== [...c.all].sort().join(', '))
      ) {
        failures.push(
          `${c.name}: [${all.join(', ')}], expected [${(c.all ?? c.codes).join(', ')}]; ${o.problems.join('; ')}\n  input ${show(c.text)}`,
        );
      }
    }
    expect(failures.length, failures.join('\n')).toBe(0);
  });

  it(
    'never throws and rejects only with positioned diagnostics',
    () => {
      const sources = corpus();
      expect(sources.length).toBeGreaterThanOrEqual(5);
      const started = performance.now();
      const stats = new Map<string, { inputs: number; accepted: number }>();
      const codes = new Map<string, number>();
      const failures: string[] = [];
      let slowest = { ms: 0, name: '' };

      const feed = (kind: string, i: number, text: string, note: string) => {
        const o = run(text);
        const s = stats.get(kind) ?? { inputs: 0, accepted: 0 };
        s.inputs++;
        if (o.accepted) s.accepted++;
        stats.set(kind, s);
        for (const c of new Set(o.codes)) codes.set(c, (codes.get(c) ?? 0) + 1);
        if (o.ms > slowest.ms) slowest = { ms: o.ms, name: `${kind}#${i}` };
        if (o.problems.length && failures.length < 20) {
          failures.push(`seed ${SEED_HEX} ${kind}#${i} (${note}): ${o.problems.slice(0, 5).join('; ')}\n  input ${show(text)}`);
        }
      };

      for (let i = 0; i < COUNTS.random; i++) {
        const r = mulberry32(seedFor('random', i));
        const { kind, text } = randomString(r);
        feed(`random/${kind === 'tokens' ? 'tokens' : 'chars'}`, i, text, kind);
      }
      for (let i = 0; i < COUNTS.mutation; i++) {
        const r = mulberry32(seedFor('mutation', i));
        const source = pick(r, sources);
        const { ops, text } = mutate(r, source.text);
        feed('mutation', i, text, `${source.name}: ${ops.join(', ')}`);
      }
      for (let i = 0; i < COUNTS.structured; i++) {
        const r = mulberry32(seedFor('structured', i));
        feed('structured', i, serialize(r, generateDocument(r)), 'generated');
      }

      const elapsed = performance.now() - started;
      const total = [...stats.values()].reduce((n, s) => n + s.inputs, 0);
      const accepted = [...stats.values()].reduce((n, s) => n + s.accepted, 0);
      const per = [...stats].map(([k, s]) => `${k} ${s.accepted}/${s.inputs}`).join(', ');
      console.log(
        `fuzz seed ${SEED_HEX}: ${total} inputs, ${accepted} accepted, ${total - accepted} rejected, ${codes.size} distinct error codes, ${elapsed.toFixed(0)} ms ` +
          `(accepted/inputs: ${per}; slowest ${slowest.name} ${slowest.ms.toFixed(0)} ms)`,
      );

      expect(failures.length, `seed ${SEED_HEX}:\n${failures.join('\n')}`).toBe(0);
      expect(total).toBe(COUNTS.random + COUNTS.mutation + COUNTS.structured);
      // Random characters never make a rule file; token soup almost never does.
      expect(stats.get('random/chars')!.accepted, `seed ${SEED_HEX}`).toBe(0);
      expect(stats.get('random/tokens')!.accepted, `seed ${SEED_HEX}`).toBeLessThanOrEqual(stats.get('random/tokens')!.inputs * 0.02);
      // Mutations and generated documents land on both sides: the fuzz reaches the later stages.
      for (const kind of ['mutation', 'structured']) {
        const s = stats.get(kind)!;
        expect(s.accepted, `${kind} accepted, seed ${SEED_HEX}`).toBeGreaterThan(s.inputs * 0.1);
        expect(s.inputs - s.accepted, `${kind} rejected, seed ${SEED_HEX}`).toBeGreaterThan(s.inputs * 0.2);
      }
      // Rejections come from every stage, not only the YAML parser.
      for (const prefix of [
        'yaml-syntax',
        'rules.shape',
        'rules.not-a-mapping',
        'rules.version',
        'rules.what-',
        'rules.condition-',
        'rules.duration',
        'promql.',
        'lint.',
      ]) {
        expect(
          [...codes.keys()].some((c) => c.startsWith(prefix)),
          `no ${prefix} diagnostics, seed ${SEED_HEX}`,
        ).toBe(true);
      }
      expect(codes.size).toBeGreaterThanOrEqual(20);
    },
    60_000 * SCALE,
  );
});
