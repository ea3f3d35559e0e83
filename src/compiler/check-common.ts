// Meaning checks the rule checker (meaning.ts), the records check (records.ts) and the time
// checks (meaning-time.ts) share: labels, PromQL syntax and rate ranges, and the levels of a
// comparison.
import type { PathSegment } from '../yaml/source.js';
import { RESERVED_LABELS } from './conventions.js';
import { formatDuration } from './duration.js';
import { locateInScalar, type LoadedFile } from './load.js';
import { rangeUses, syntaxProblems } from './promql.js';
import type { Reporter } from './report.js';
import type { Severity } from './conventions.js';

export function checkLabels(r: Reporter, labels: Record<string, string> | undefined, path: PathSegment[]): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (RESERVED_LABELS.includes(k) || k.startsWith('__')) {
      r.error(
        'rules.reserved-label',
        [...path, k],
        `label "${k}" is set by vigil or Prometheus`,
        k === 'severity' ? 'use the `severity` field' : 'choose another label name',
        'key',
      );
    }
    if (/\$value|\.Value\b/.test(v)) {
      r.error(
        'lint.value-in-label',
        [...path, k],
        `label "${k}" uses $value`,
        'a label that changes with the value makes a new alert at every evaluation; put the value in an annotation',
      );
    }
  }
}

export function checkPromql(r: Reporter, f: LoadedFile, path: PathSegment[], text: string, scrapeMs: number, substituted = text): boolean {
  const problems = syntaxProblems(substituted);
  for (const p of problems) {
    r.at(
      'promql.syntax',
      locateInScalar(f.doc, path, mapOffset(text, substituted, p.from)),
      `PromQL syntax error: ${p.message}`,
      'check brackets, quotes and operators',
      'error',
    );
  }
  if (problems.length) return false;
  for (const u of rangeUses(substituted)) {
    if (u.fn !== 'irate' && u.fn !== 'idelta' && u.rangeMs < 4 * scrapeMs) {
      r.at(
        'lint.rate-range',
        locateInScalar(f.doc, path, mapOffset(text, substituted, u.from)),
        `${u.fn}() over [${u.range}] sees fewer than 4 scrapes at a ${formatDuration(scrapeMs)} scrape interval`,
        `use at least [${formatDuration(4 * scrapeMs)}]: shorter windows miss data whenever a scrape fails`,
        'error',
      );
    }
  }
  return true;
}

// $window → 5m shifts offsets after it; good enough to point at the right place.
function mapOffset(original: string, substituted: string, offset: number): number {
  if (original === substituted) return offset;
  const i = original.indexOf('$window');
  if (i < 0 || offset <= i) return offset;
  return offset + ('$window'.length - '5m'.length);
}

export function forEachLevel(
  v: unknown,
  fn: (value: number | string | (number | string)[], severity: Severity | undefined, path: PathSegment[]) => void,
): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) fn(x as number, k as Severity, [k]);
  } else if (v !== undefined) {
    fn(v as number, undefined, []);
  }
}
