// Which labels tell the series of a PromQL expression apart, read from its syntax tree. The
// Alertmanager inhibition of an alert compares these (`equal`): while the critical of one
// series fires, only the warning of that same series is silenced.
//
// The answer is an upper bound: every label a result series can carry. Listing a label that a
// series lacks is harmless (Alertmanager counts a label missing on both sides as equal, and
// the two alerts are then the same series anyway); leaving out a label that varies would let
// one series silence another, which is the mistake this module exists to prevent. When the
// bound cannot be known (a metric whose labels vigil does not know, kept whole), the answer
// says why, and the rule file must state the labels itself (`identify_by`).
//
// What each construct does to the labels follows Prometheus's engine:
// - a selector keeps its series' labels: the target's instance and job, the labels the family
//   is known to have (metric-labels.ts) and the labels its matchers name;
// - `sum by (a, b)` keeps exactly a and b, `without (x)` all but x, no clause none;
//   topk/bottomk/limitk/limit_ratio keep their input's labels, count_values adds its label;
// - label_replace/label_join add their target label, histogram_quantile drops `le`,
//   absent() keeps its selector's equality matchers, scalar(), time() and literals have none;
// - `a / b` (one-to-one) yields labels that both sides share, `on (l)` exactly l,
//   `ignoring (x)` all but x; group_left/right keep the "many" side's labels plus the ones
//   they name; `and`/`unless` keep the left side's, `or` either side's.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { familyLabels, TARGET_LABELS } from './metric-labels.js';
import { unquote } from './promql.js';

/** No labels at all (a number), or a vector with a bound on its labels. */
type Bound =
  { scalar: true } | { scalar: false; labels: Set<string>; open: false } | { scalar: false; labels: Set<string>; open: true; why: string };

export type Identity = { labels: string[] } | { unknown: string };

const EXPRESSIONS = new Set([
  'VectorSelector',
  'MatrixSelector',
  'SubqueryExpr',
  'OffsetExpr',
  'StepInvariantExpr',
  'ParenExpr',
  'UnaryExpr',
  'BinaryExpr',
  'AggregateExpr',
  'FunctionCall',
  'NumberDurationLiteral',
  'StringLiteral',
]);
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const KEEP_INPUT_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const IGNORED = new Set(['__name__']);

/** The labels that identify the series of `expr`, sorted, or why they cannot be known. */
export function identityOf(expr: string): Identity {
  const tree = parser.parse(expr);
  let broken = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) broken = true;
      return !broken;
    },
  });
  if (broken) return { unknown: 'the expression does not parse' };
  const top = tree.topNode.firstChild;
  if (!top) return { unknown: 'the expression is empty' };
  const b = new Walker(expr).bound(top);
  if (b.scalar) return { labels: [] };
  if (b.open) return { unknown: b.why };
  return { labels: [...b.labels].filter((l) => !IGNORED.has(l)).sort() };
}

const closed = (labels: Iterable<string>): Bound => ({ scalar: false, labels: new Set(labels), open: false });
const SCALAR: Bound = { scalar: true };

class Walker {
  constructor(private readonly text: string) {}

  private slice(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private exprChildren(n: SyntaxNode | null): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n?.firstChild ?? null; c; c = c.nextSibling) if (EXPRESSIONS.has(c.name)) out.push(c);
    return out;
  }

  private grouping(n: SyntaxNode | null): string[] {
    const out: string[] = [];
    for (let c = n?.firstChild ?? null; c; c = c.nextSibling) if (c.name === 'LabelName') out.push(this.slice(c));
    return out;
  }

  bound(n: SyntaxNode): Bound {
    switch (n.name) {
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return SCALAR;
      case 'VectorSelector':
        return this.selector(n);
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'ParenExpr':
      case 'UnaryExpr': {
        const inner = this.exprChildren(n)[0];
        return inner ? this.bound(inner) : SCALAR;
      }
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      default:
        return { scalar: false, labels: new Set(), open: true, why: `vigil cannot read "${this.slice(n)}"` };
    }
  }

  private matchers(n: SyntaxNode): { name: string; op: string; value: string | undefined }[] {
    const out: { name: string; op: string; value: string | undefined }[] = [];
    const list = n.getChild('LabelMatchers');
    for (let m = list?.firstChild ?? null; m; m = m.nextSibling) {
      const name = m.getChild('LabelName');
      const op = m.getChild('MatchOp');
      const value = m.getChild('StringLiteral');
      if (!name || !op) continue;
      out.push({ name: this.slice(name), op: this.slice(op), value: value ? unquote(this.slice(value)) : undefined });
    }
    return out;
  }

  private selector(n: SyntaxNode): Bound {
    const id = n.getChild('Identifier');
    const ms = this.matchers(n);
    const byName = ms.find((m) => m.name === '__name__' && m.op === '=');
    const metric = id ? this.slice(id) : byName?.value;
    const named = ms.map((m) => m.name).filter((l) => l !== '__name__');
    const known = metric !== undefined ? familyLabels(metric) : undefined;
    if (known) return closed([...known, ...named]);
    const why =
      metric !== undefined ? `the labels of ${metric} are not known to vigil` : `the selector ${this.slice(n)} names no single metric`;
    return { scalar: false, labels: new Set([...TARGET_LABELS, ...named]), open: true, why };
  }

  private call(n: SyntaxNode): Bound {
    const id = n.getChild('FunctionIdentifier');
    const fn = id ? this.slice(id) : '';
    const args = this.exprChildren(n.getChild('FunctionCallBody'));
    if (SCALAR_FUNCTIONS.has(fn)) return SCALAR;
    if (fn === 'vector') return closed([]);
    if (fn === 'absent' || fn === 'absent_over_time') return closed(this.equalityLabels(args[0]));
    if (fn === 'label_replace' || fn === 'label_join') {
      const [v, dst] = args;
      const target = dst?.name === 'StringLiteral' ? unquote(this.slice(dst)) : undefined;
      const inner = v ? this.bound(v) : closed([]);
      return target === undefined ? inner : withLabels(inner, [target]);
    }
    if (fn === 'histogram_quantile') {
      const inner = args[1] ? this.bound(args[1]) : closed([]);
      return withoutLabels(inner, ['le']);
    }
    if (fn === 'info') return open(args[0] ? this.bound(args[0]) : closed([]), 'info() adds the labels of info metrics');
    // Every other function keeps the labels of its vector argument (rate, abs, clamp,
    // predict_linear, quantile_over_time, sort, ...); functions of the time of day without an
    // argument give one series without labels.
    const vectors = args.map((a) => this.bound(a)).filter((b) => !b.scalar);
    if (!vectors.length) return args.length ? SCALAR : closed([]);
    return vectors.reduce<Bound>((a, b) => union(a, b), vectors[0]!);
  }

  private equalityLabels(n: SyntaxNode | undefined): string[] {
    if (!n) return [];
    const out: string[] = [];
    const visit = (x: SyntaxNode) => {
      if (x.name === 'VectorSelector') {
        for (const m of this.matchers(x)) if (m.op === '=' && m.name !== '__name__') out.push(m.name);
        return;
      }
      for (const c of this.exprChildren(x)) visit(c);
    };
    visit(n);
    return out;
  }

  private aggregate(n: SyntaxNode): Bound {
    const opNode = n.getChild('AggregateOp');
    const op = opNode ? this.slice(opNode) : '';
    const args = this.exprChildren(n.getChild('FunctionCallBody'));
    const input = args[args.length - 1];
    const inner = input ? this.bound(input) : closed([]);
    if (KEEP_INPUT_AGGREGATIONS.has(op)) return inner;
    const modifier = n.getChild('AggregateModifier');
    const labels = this.grouping(modifier?.getChild('GroupingLabels') ?? null);
    const extra: string[] = [];
    if (op === 'count_values' && args[0]?.name === 'StringLiteral') {
      const l = unquote(this.slice(args[0]));
      if (l !== undefined) extra.push(l);
    }
    let out: Bound;
    if (modifier?.getChild('By')) out = closed(labels);
    else if (modifier?.getChild('Without')) out = withoutLabels(inner.scalar ? closed([]) : inner, labels);
    else out = closed([]);
    return withLabels(out, extra);
  }

  private binary(n: SyntaxNode): Bound {
    const [lhsNode, rhsNode] = this.exprChildren(n);
    const lhs = lhsNode ? this.bound(lhsNode) : SCALAR;
    const rhs = rhsNode ? this.bound(rhsNode) : SCALAR;
    if (lhs.scalar) return rhs;
    if (rhs.scalar) return lhs;
    const op = this.operator(n);
    if (op === 'And' || op === 'Unless') return lhs;
    if (op === 'Or') return union(lhs, rhs);
    const clause = n.getChild('MatchingModifierClause');
    const groupLeft = clause?.getChild('GroupLeft');
    const groupRight = clause?.getChild('GroupRight');
    if (groupLeft || groupRight) {
      // The labels after group_x(...) are the second GroupingLabels of the clause.
      const lists = clause!.getChildren('GroupingLabels');
      const included = lists.length > 1 ? this.grouping(lists[lists.length - 1]!) : [];
      return withLabels(groupLeft ? lhs : rhs, included);
    }
    const matching = this.grouping(clause?.getChild('GroupingLabels') ?? null);
    if (clause?.getChild('On')) return closed(matching);
    // One-to-one on all labels (but the ignored ones): a result exists only where both sides
    // carry the same labels, so a side whose labels are known bounds the result.
    return intersect(withoutLabels(lhs, matching), withoutLabels(rhs, matching));
  }

  private operator(n: SyntaxNode): string | undefined {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (!EXPRESSIONS.has(c.name) && c.name !== 'MatchingModifierClause' && c.name !== 'BoolModifier') return c.name;
    }
    return undefined;
  }
}

function withLabels(b: Bound, labels: string[]): Bound {
  if (b.scalar || !labels.length) return b;
  return { ...b, labels: new Set([...b.labels, ...labels]) };
}

function withoutLabels(b: Bound, labels: string[]): Bound {
  if (b.scalar || !labels.length) return b;
  return { ...b, labels: new Set([...b.labels].filter((l) => !labels.includes(l))) };
}

function open(b: Bound, why: string): Bound {
  return { scalar: false, labels: b.scalar ? new Set() : b.labels, open: true, why };
}

function union(a: Bound, b: Bound): Bound {
  if (a.scalar) return b;
  if (b.scalar) return a;
  const labels = new Set([...a.labels, ...b.labels]);
  if (a.open) return { scalar: false, labels, open: true, why: a.why };
  if (b.open) return { scalar: false, labels, open: true, why: b.why };
  return closed(labels);
}

function intersect(a: Bound, b: Bound): Bound {
  if (a.scalar) return b;
  if (b.scalar) return a;
  if (!a.open && !b.open) return closed([...a.labels].filter((l) => b.labels.has(l)));
  if (!a.open) return a;
  if (!b.open) return b;
  return { scalar: false, labels: new Set([...a.labels, ...b.labels]), open: true, why: a.why };
}
