// The small part of Prometheus's Go templates that annotations use: {{ $labels.x }},
// {{ $value }}, {{ $value | humanize }} and friends, printf. Rendering them lets a generated
// promtool test state the exact annotations an alert fires with. Anything outside the subset
// makes render() return undefined, and the caller then says it cannot predict the text.
import { HUMANIZERS, formatG, formatV } from './humanize.js';
import { unquote } from './promql.js';

export function templateProblems(text: string): string[] {
  const open = (text.match(/\{\{/g) ?? []).length;
  const close = (text.match(/\}\}/g) ?? []).length;
  if (open !== close) return [`unbalanced template braces: ${open} "{{" and ${close} "}}"`];
  return [];
}

/** The $labels.x names a template reads. */
export function templateLabels(text: string): string[] {
  return [...new Set([...text.matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)].map((m) => m[1]!))];
}

export function render(text: string, labels: Record<string, string>, value: number): string | undefined {
  // A scan for {{ and the next }}, not a regex: /\{\{-?\s*(.*?)\s*-?\}\}/ backtracks over
  // whitespace in cubic time, and "}} {{" with a few thousand spaces took minutes.
  let ok = true;
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    const r = evaluate(actionBody(text.slice(open + 2, close)), labels, value);
    if (r === undefined) ok = false;
    out += text.slice(i, open) + (r ?? '');
    i = close + 2;
  }
  return ok ? out + text.slice(i) : undefined;
}

/** The inside of {{ ... }} without the trim markers ({{- and -}}) and the spaces around it. */
function actionBody(inner: string): string {
  const head = inner.startsWith('-') ? inner.slice(1) : inner;
  const body = head.endsWith('-') ? head.slice(0, -1) : head;
  return body.trim();
}

type Val = { n: number } | { s: string };

function evaluate(body: string, labels: Record<string, string>, value: number): string | undefined {
  const stages = body.split('|').map((s) => s.trim());
  let cur: Val | undefined;
  for (const stage of stages) {
    const words = tokens(stage);
    if (!words) return undefined;
    cur = call(words, cur, labels, value);
    if (!cur) return undefined;
  }
  if (!cur) return undefined;
  return 'n' in cur ? formatV(cur.n) : cur.s;
}

function tokens(stage: string): string[] | undefined {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(stage))) {
    out.push(m[1]!);
    consumed = re.lastIndex;
  }
  return consumed >= stage.trimEnd().length ? out : undefined;
}

function operand(word: string, labels: Record<string, string>, value: number): Val | undefined {
  if (word === '$value' || word === '.Value') return { n: value };
  const l = /^(?:\$labels|\.Labels)\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(word);
  if (l) return { s: labels[l[1]!] ?? '<no value>' };
  if (word.startsWith('"')) {
    // Go's escapes (\x41, \a), which JSON.parse threw on.
    const s = unquote(word);
    return s === undefined ? undefined : { s };
  }
  if (/^-?[0-9.]+(e[+-]?[0-9]+)?$/.test(word)) return { n: Number(word) };
  return undefined;
}

function call(words: string[], piped: Val | undefined, labels: Record<string, string>, value: number): Val | undefined {
  const [head, ...rest] = words;
  if (!head) return undefined;
  const args = rest.map((w) => operand(w, labels, value));
  if (args.some((a) => a === undefined)) return undefined;
  const all = [...(args as Val[]), ...(piped ? [piped] : [])];
  if (!HUMANIZERS[head] && head !== 'printf' && head !== 'toUpper' && head !== 'toLower' && head !== 'title') {
    return words.length === 1 && !piped ? operand(head, labels, value) : undefined;
  }
  if (HUMANIZERS[head]) {
    const x = all[0];
    const n = x && ('n' in x ? x.n : Number(x.s));
    return n === undefined || (Number.isNaN(n) && !(x && 'n' in x)) ? undefined : { s: HUMANIZERS[head]!(n) };
  }
  if (head === 'printf') {
    const [fmt, ...xs] = all;
    if (!fmt || !('s' in fmt)) return undefined;
    return sprintf(fmt.s, xs);
  }
  const x = all[0];
  if (!x || !('s' in x)) return undefined;
  if (head === 'toUpper') return { s: x.s.toUpperCase() };
  if (head === 'toLower') return { s: x.s.toLowerCase() };
  return { s: x.s.replace(/\b\w/g, (c) => c.toUpperCase()) };
}

function sprintf(fmt: string, xs: Val[]): Val | undefined {
  let i = 0;
  let ok = true;
  const s = fmt.replace(/%(\.(\d+))?([fdsgv%])/g, (_m, _p, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const x = xs[i++];
    if (!x) {
      ok = false;
      return '';
    }
    if (verb === 's' || verb === 'v') return 'n' in x ? formatV(x.n) : x.s;
    if (!('n' in x)) {
      ok = false;
      return '';
    }
    if (verb === 'f') return x.n.toFixed(prec === undefined ? 6 : Number(prec));
    if (verb === 'd') return Number.isInteger(x.n) ? String(x.n) : ((ok = false), '');
    return prec === undefined ? formatV(x.n) : formatG(x.n, Number(prec));
  });
  return ok ? { s } : undefined;
}
