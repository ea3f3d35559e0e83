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

export function functionsUsed(text: string): string[] {
  const out = new Set<string>();
  parse(text).iterate({
    enter(n) {
      if (n.name === 'FunctionIdentifier') out.add(text.slice(n.from, n.to));
    },
  });
  return [...out];
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
  const id = top.getChild('Identifier');
  const equal: Record<string, string> = {};
  let others = false;
  let metric = id ? text.slice(id.from, id.to) : '';
  const matchers = top.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher') continue;
    const name = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (!name || !op || !value) continue;
    const label = text.slice(name.from, name.to);
    const v = JSON.parse(text.slice(value.from, value.to).replace(/^'|'$/g, '"')) as string;
    if (text.slice(op.from, op.to) !== '=') { others = true; continue; }
    if (label === '__name__') metric = v;
    else equal[label] = v;
  }
  return metric ? { metric, equal, others } : undefined;
}
