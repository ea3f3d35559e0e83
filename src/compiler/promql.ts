// What the compiler needs to know about a piece of PromQL, read from the syntax tree of
// Prometheus's own lezer grammar: syntax errors with their offsets, range windows of rate-like
// functions, whether it compares anything, and whether it is a plain selector.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import { parseDuration } from './duration.js';

export interface PromqlProblem {
  from: number;
  message: string;
}

const COMPARISONS = new Set(['Gtr', 'Gte', 'Lss', 'Lte', 'Eql', 'Neq']);
const FILTERS = new Set(['And', 'Unless']);
const RATE_LIKE = new Set(['rate', 'increase', 'delta', 'deriv', 'irate', 'idelta', 'predict_linear']);

function parse(text: string): Tree {
  return parser.parse(text);
}

/** Syntax errors: lezer marks each with an error node (⚠) rather than failing. */
export function syntaxProblems(text: string): PromqlProblem[] {
  const out: PromqlProblem[] = [];
  parse(text).iterate({
    enter(n) {
      if (n.type.isError) {
        const near = text.slice(n.from, n.from + 12);
        out.push({ from: n.from, message: near ? `unexpected ${JSON.stringify(near)}` : 'unexpected end of expression' });
        return false;
      }
      return undefined;
    },
  });
  return out.slice(0, 1);
}

export interface RangeUse {
  fn: string;
  rangeMs: number;
  range: string;
  from: number;
}

/** Every rate-like function over a range selector, with its window. */
export function rangeUses(text: string): RangeUse[] {
  const out: RangeUse[] = [];
  parse(text).iterate({
    enter(n) {
      if (n.name !== 'FunctionCall') return;
      const id = n.node.getChild('FunctionIdentifier');
      if (!id) return;
      const fn = text.slice(id.from, id.to);
      if (!RATE_LIKE.has(fn)) return;
      const body = n.node.getChild('FunctionCallBody');
      const matrix = body?.getChild('MatrixSelector');
      const dur = matrix?.getChild('DurationExpr') ?? matrix?.lastChild;
      if (!matrix || !dur) return;
      const range = text.slice(dur.from, dur.to);
      const ms = parseDuration(range);
      if (ms !== undefined) out.push({ fn, rangeMs: ms, range, from: dur.from });
    },
  });
  return out;
}

/** Whether the expression filters anything: a comparison, `and`/`unless`, or absent(). */
export function filters(text: string): boolean {
  let found = false;
  parse(text).iterate({
    enter(n) {
      if (found) return false;
      if (n.name === 'BinaryExpr') {
        const op = operatorOf(n.node);
        if (op && FILTERS.has(op.name)) found = true;
        if (op && COMPARISONS.has(op.name) && !n.node.getChild('BoolModifier')) found = true;
      }
      if (n.name === 'FunctionCall') {
        const id = n.node.getChild('FunctionIdentifier');
        const fn = id ? text.slice(id.from, id.to) : '';
        if (fn === 'absent' || fn === 'absent_over_time') found = true;
      }
      return undefined;
    },
  });
  return found;
}

function operatorOf(node: SyntaxNode): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (COMPARISONS.has(c.name) || FILTERS.has(c.name) || c.name === 'Or') return c;
  }
  return null;
}

export interface PlainSelector {
  metric: string;
  /** Equality matchers, which absent() and absent_over_time() carry into their result. */
  equal: Record<string, string>;
  /** Whether it also has !=, =~ or !~ matchers (then sample series cannot be made up). */
  others: boolean;
}

/** The metric and equality labels when the text is just a vector selector, else undefined. */
export function plainSelector(text: string): PlainSelector | undefined {
  const top = parse(text).topNode.firstChild;
  if (!top || top.name !== 'VectorSelector' || top.nextSibling) return undefined;
  if (syntaxProblems(text).length) return undefined;
  const read = selectorParts(top, text);
  if (read.unreadable) return undefined;
  return read.metric ? { metric: read.metric, equal: read.equal, others: read.others } : undefined;
}

/** A VectorSelector's metric name and `=` matchers; `others` when it has any other matcher. */
function selectorParts(
  sel: SyntaxNode,
  text: string,
): { metric: string; equal: Record<string, string>; others: boolean; unreadable: boolean } {
  const id = sel.getChild('Identifier');
  const equal: Record<string, string> = {};
  let others = false;
  let unreadable = false;
  let metric = id ? text.slice(id.from, id.to) : '';
  const matchers = sel.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher') continue;
    const name = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (!name || !op || !value) continue;
    const label = text.slice(name.from, name.to);
    const v = unquote(text.slice(value.from, value.to));
    if (v === undefined) {
      unreadable = true;
      continue;
    }
    if (text.slice(op.from, op.to) !== '=') {
      others = true;
      continue;
    }
    if (label === '__name__') metric = v;
    else equal[label] = v;
  }
  return { metric, equal, others, unreadable };
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * The value of a PromQL string literal: "..." and '...' with Go's escapes, or `...` raw. Not
 * JSON: JSON.parse threw on backticks, single-quote escapes and \x41. Undefined when it is not
 * a literal Prometheus would accept.
 */
export function unquote(literal: string): string | undefined {
  const q = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== q) return undefined;
  const body = literal.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body;
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === q || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e === q) {
      out += q;
      continue;
    }
    if (ESCAPES[e] !== undefined) {
      out += ESCAPES[e];
      continue;
    }
    const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : /[0-7]/.test(e) ? 3 : 0;
    if (!digits) return undefined;
    const hex = e === 'x' || e === 'u' || e === 'U';
    const run = hex ? body.slice(i + 1, i + 1 + digits) : body.slice(i, i + 3);
    if (run.length !== digits || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/).test(run)) return undefined;
    const code = parseInt(run, hex ? 16 : 8);
    if (code > (e === 'x' || !hex ? 0xff : 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    out += String.fromCodePoint(code);
    i += hex ? digits : 2;
  }
  return out;
}

/**
 * Every vector selector of an expression: its metric name (when it names one) and the labels
 * it fixes with `=`. Which series an expression reads, for deciding where its data comes from.
 */
export function selectorsOf(text: string): { metric: string | undefined; equal: Record<string, string> }[] {
  if (syntaxProblems(text).length) return [];
  const out: { metric: string | undefined; equal: Record<string, string> }[] = [];
  parse(text).iterate({
    enter(n) {
      if (n.name !== 'VectorSelector') return undefined;
      const { metric, equal } = selectorParts(n.node, text);
      out.push({ metric: metric || undefined, equal });
      return false;
    },
  });
  return out;
}
