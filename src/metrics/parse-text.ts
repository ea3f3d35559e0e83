// The Prometheus text format (0.0.4) read back into vigil's model, for metrics other programs
// write: textfile collector files today. Strict where a wrong reading would serve wrong data
// (bad names, values, escapes, duplicate series, TYPE after samples), with the line of the
// first problem; tolerant of what the format allows (comments, blank lines, missing HELP).
import type { MetricFamily, MetricType, Sample } from './model.js';

export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export interface ParsedExposition {
  families: MetricFamily[];
  /** Set when a sample carried a client-side timestamp (which vigil, like node_exporter, refuses). */
  timestampLine?: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function unescape(text: string, line: number, help: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = text[++i];
    if (n === '\\') out += '\\';
    else if (n === 'n') out += '\n';
    else if (n === '"' && !help) out += '"';
    else if (help)
      out += `\\${n ?? ''}`; // HELP keeps unknown escapes as written
    else throw new ExpositionError(line, `invalid escape "\\${n ?? ''}" in a label value`);
  }
  return out;
}

/** `{a="1",b="x\"y"}` starting at text[at] === '{'; returns the labels and the index after '}'. */
function parseLabels(text: string, at: number, line: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = at + 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new ExpositionError(line, 'a label without "=value"');
    const name = text.slice(i, eq).trim();
    if (!LABEL.test(name)) throw new ExpositionError(line, `invalid label name ${JSON.stringify(name)}`);
    if (name in labels) throw new ExpositionError(line, `label ${name} given twice`);
    i = eq + 1;
    while (text[i] === ' ') i++;
    if (text[i] !== '"') throw new ExpositionError(line, `the value of label ${name} must be in double quotes`);
    let j = i + 1;
    let raw = '';
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') raw += text[j++];
      raw += text[j] ?? '';
    }
    if (j >= text.length) throw new ExpositionError(line, `the value of label ${name} is not closed`);
    labels[name] = unescape(raw, line, false);
    i = j + 1;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new ExpositionError(line, `expected "," or "}" after label ${name}`);
  }
}

interface Building {
  family: MetricFamily;
  typed: boolean;
  sampled: boolean;
  keys: Set<string>;
}

const SUFFIXES: Record<string, readonly string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

export function parseExpositionText(text: string): ParsedExposition {
  const byName = new Map<string, Building>();
  const order: Building[] = [];
  let timestampLine: number | undefined;
  const family = (name: string): Building => {
    let b = byName.get(name);
    if (!b) {
      b = { family: { name, help: '', type: 'untyped', samples: [] }, typed: false, sampled: false, keys: new Set() };
      byName.set(name, b);
      order.push(b);
    }
    return b;
  };
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const n = k + 1;
    const line = lines[k]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) continue; // an ordinary comment
      const [, kind, name, rest = ''] = m;
      if (!NAME.test(name!)) throw new ExpositionError(n, `invalid metric name ${JSON.stringify(name)}`);
      const b = family(name!);
      if (kind === 'HELP') {
        if (b.family.help) throw new ExpositionError(n, `second HELP for ${name}`);
        b.family.help = unescape(rest, n, true);
      } else {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type))
          throw new ExpositionError(
            n,
            `unknown type ${JSON.stringify(rest.trim())} for ${name} (counter, gauge, histogram, summary or untyped)`,
          );
        if (b.typed) throw new ExpositionError(n, `second TYPE for ${name}`);
        if (b.sampled) throw new ExpositionError(n, `TYPE for ${name} comes after its samples`);
        b.typed = true;
        b.family.type = type;
      }
      continue;
    }
    const nameEnd = line.search(/[{ \t]/);
    const sampleName = nameEnd < 0 ? line : line.slice(0, nameEnd);
    if (!NAME.test(sampleName)) throw new ExpositionError(n, `invalid metric name ${JSON.stringify(sampleName)}`);
    let rest = nameEnd < 0 ? '' : line.slice(nameEnd);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const parsed = parseLabels(rest, 0, n);
      labels = parsed.labels;
      rest = rest.slice(parsed.end);
    }
    const parts = rest.trim().split(/\s+/);
    if (parts.length < 1 || parts[0] === '' || parts.length > 2) throw new ExpositionError(n, `expected "${sampleName} VALUE [TIMESTAMP]"`);
    const value = parseValue(parts[0]!);
    if (value === undefined) throw new ExpositionError(n, `${JSON.stringify(parts[0])} is not a number (a float, NaN, +Inf or -Inf)`);
    if (parts.length === 2) {
      if (!/^-?\d+$/.test(parts[1]!)) throw new ExpositionError(n, `${JSON.stringify(parts[1])} is not a timestamp in milliseconds`);
      timestampLine ??= n;
    }
    let b = byName.get(sampleName);
    let suffix = '';
    if (!b || !b.typed) {
      for (const s of ['_bucket', '_sum', '_count']) {
        const base = byName.get(sampleName.slice(0, -s.length));
        if (sampleName.endsWith(s) && base && SUFFIXES[base.family.type]?.includes(s)) {
          b = base;
          suffix = s;
          break;
        }
      }
    }
    b ??= family(sampleName);
    const key = `${suffix}|${Object.keys(labels)
      .sort()
      .map((l) => `${l}=${labels[l]}`)
      .join('\u0000')}`;
    if (b.keys.has(key)) throw new ExpositionError(n, `duplicate series ${sampleName}${JSON.stringify(labels)}`);
    b.keys.add(key);
    b.sampled = true;
    const sample: Sample = Object.keys(labels).length ? { labels, value } : { value };
    if (suffix) sample.suffix = suffix;
    b.family.samples.push(sample);
  }
  const out: ParsedExposition = { families: order.filter((b) => b.family.samples.length).map((b) => b.family) };
  if (timestampLine !== undefined) out.timestampLine = timestampLine;
  return out;
}
