// Helpers the judges share: levels from the spec's comparisons, comparison expressions and
// the default annotation wording.
import { promNumber, type Severity } from '../conventions.js';
import { DEFAULT_SEVERITY_ORDER } from '../severities.js';
import { formatDuration } from '../duration.js';
import { thresholdNumber } from '../alert-unit.js';
import { toNumber } from '../units.js';
import type { Condition, Op } from '../model.js';
import type { AlertSpec } from '../spec.js';
import type { Display } from '../watch/shared.js';

export interface LevelSpec {
  severity: Severity;
  when: Condition[][];
}

type ToNumber = (v: number | string) => number;
type Value = number | string | (number | string)[];
const OPS: Record<string, (v: Value, num: ToNumber) => Condition[][]> = {
  above: (v, num) => [[{ op: '>', value: num(v as number) }]],
  below: (v, num) => [[{ op: '<', value: num(v as number) }]],
  at_least: (v, num) => [[{ op: '>=', value: num(v as number) }]],
  at_most: (v, num) => [[{ op: '<=', value: num(v as number) }]],
  equal: (v, num) => [[{ op: '==', value: num(v as number) }]],
  not_equal: (v, num) => [[{ op: '!=', value: num(v as number) }]],
  between: (v, num) => {
    const [a, b] = (v as (number | string)[]).map(num) as [number, number];
    return [
      [
        { op: '>=', value: a },
        { op: '<=', value: b },
      ],
    ];
  },
  outside: (v, num) => {
    const [a, b] = (v as (number | string)[]).map(num) as [number, number];
    return [[{ op: '<', value: a }], [{ op: '>', value: b }]];
  },
  within: (v) => [[{ op: '<', value: toNumber(v as string) }]],
};

/** The comparison of an alert as levels, least severe first, thresholds in the watched unit. */
export function levelsOf(
  a: AlertSpec,
  severity: Severity,
  fixed?: { key: keyof typeof OPS; value: number },
  order: readonly string[] = DEFAULT_SEVERITY_ORDER,
): LevelSpec[] {
  if (fixed) return [{ severity, when: OPS[fixed.key]!(fixed.value, toNumber) }];
  const key = (Object.keys(OPS) as (keyof AlertSpec)[]).find((k) => a[k] !== undefined);
  if (!key) return [];
  const num = thresholdNumber(a);
  const v = a[key] as unknown;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return order.filter((s) => Object.hasOwn(v, s)).map((s) => ({ severity: s, when: OPS[key]!((v as Record<string, Value>)[s]!, num) }));
  }
  return [{ severity, when: OPS[key]!(v as Value, num) }];
}

/** `W > 80`, `W >= 10 <= 20` (comparisons filter and keep the value), `W < 1 or W > 9`. */
export function conditionExpr(watched: string, when: Condition[][]): string {
  const w = /\b(and|or|unless)\b/.test(topLevel(watched)) ? `(${watched})` : watched;
  const one = (set: Condition[]) => `${w} ${set.map((c) => `${c.op} ${promNumber(c.value)}`).join(' ')}`;
  return when.map(one).join(' or ');
}

/** The text outside any brackets and quotes: where a set operator would bind looser than `>`. */
function topLevel(expr: string): string {
  let depth = 0;
  let quote = '';
  let out = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

const PHRASE: Record<Op, string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
  '==': 'equal to',
  '!=': 'not equal to',
};

/** "above 80%", "between 10 and 20", "below 14d" in the alert's unit. */
export function describeCondition(when: Condition[][], fmt: (n: number) => string): string {
  return when
    .map((set) => {
      if (set.length === 2 && set[0]!.op === '>=' && set[1]!.op === '<=') return `between ${fmt(set[0]!.value)} and ${fmt(set[1]!.value)}`;
      return set.map((c) => `${PHRASE[c.op]} ${fmt(c.value)}`).join(' and ');
    })
    .join(' or ');
}

export function unitFormatter(m: Display | undefined, fraction = false): (n: number) => string {
  if (fraction || m?.humanize === 'humanizePercentage') return (n) => `${promNumber(n * 100)}%`;
  if (m?.humanize === 'humanizeDuration' && m.unit === 's')
    return (n) => (n >= 60 && Number.isInteger(n) ? formatDuration(n * 1000) : `${promNumber(n)}s`);
  if (m?.humanize === 'humanize1024') return (n) => bytes(n);
  return (n) => `${promNumber(n)}${m?.suffix ?? ''}`;
}

/** Bytes the way a person writes them: 2 GiB, 500 MB, 1.5 GiB; the shortest exact form. */
function bytes(n: number): string {
  const forms = [scaled(n, 1024, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']), scaled(n, 1000, ['B', 'kB', 'MB', 'GB', 'TB', 'PB'])];
  return forms.reduce((a, b) => (b.length < a.length ? b : a));
}

function scaled(n: number, base: number, units: string[]): string {
  let i = 0;
  let v = n;
  // Step up while the value stays exact to two decimals, so the text is the threshold.
  while (Math.abs(v) >= base && i < units.length - 1 && Number((v / base).toFixed(2)) === v / base) {
    v /= base;
    i++;
  }
  return `${promNumber(v)} ${units[i]}`;
}

/** Template text naming what fired: "{{ $labels.mountpoint }} on {{ $labels.instance }}". */
export function subject(kept: readonly string[] | undefined): string {
  if (!kept) return '';
  const thing = ['slo', 'probe', 'groupname', 'collector', 'mountpoint', 'device'].find((l) => kept.includes(l));
  const where = kept.includes('instance') ? '{{ $labels.instance }}' : '';
  if (thing && where) return `{{ $labels.${thing} }} on ${where}`;
  return thing ? `{{ $labels.${thing} }}` : where;
}

export function valueTemplate(m: Display | undefined, fraction = false): string {
  if (fraction) return '{{ $value | humanizePercentage }}';
  const fn = m?.humanize ?? 'humanize';
  return `{{ $value | ${fn} }}${m?.suffix === '%' ? '%' : m?.suffix === 'B' ? 'B' : (m?.suffix ?? '')}`;
}

export function legendOf(kept: readonly string[] | undefined): string | undefined {
  if (!kept?.length) return undefined;
  return kept
    .filter((k) => k !== 'job')
    .map((k) => `{{${k}}}`)
    .join(' ');
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
