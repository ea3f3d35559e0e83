// Recording rules of the team's own: `records:` of a group. They are checked like alerts
// (PromQL, range lint, labels, names unique across rules/), emitted before the group's alerts
// (Prometheus evaluates a group's rules in order, so an alert reads the value recorded in the
// same evaluation), shown on the rule file's dashboard, and an alert may watch one by name
// with `metric: app:errors:rate5m`, thresholds in the record's `unit:`.
import type { PathSegment } from '../yaml/source.js';
import type { LoadedFile } from './load.js';
import { checkLabels, checkPromql } from './check-common.js';
import type { OwnRecordModel } from './model.js';
import type { Reporter } from './report.js';
import { matcherStrings } from './selectors.js';
import { identityOf } from './identity.js';
import type { AlertSpec, GroupSpec, RecordSpec } from './spec.js';
import { UNIT_DISPLAY, UNIT_NAMES } from './units.js';

/** Every record of every file by name, first definition first. */
export type RecordIndex = ReadonlyMap<string, { spec: RecordSpec; file: string; path: PathSegment[] }>;

/** Name prefixes of the recording rules vigil writes itself. */
const RESERVED_PREFIXES = ['vigil:', 'slo:', 'anomaly:'];
/** Prometheus's naming convention: level:metric:operations. */
const CONVENTIONAL = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]+$/;

/**
 * The records of a file, in file order: those that passed the shape check, or with
 * `named`, also malformed ones that at least have a name (an alert naming one must not get
 * a second, misleading "unknown metric" error).
 */
export function recordsOf(f: LoadedFile, named = false): { spec: RecordSpec; path: PathSegment[] }[] {
  // A file with shape faults may hold anything here (load.ts, readWhereSound): each level is
  // checked before it is read, and a record is read whole only where the faults hold nothing.
  const groups = f.spec.groups as unknown;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: GroupSpec | undefined, gi) => {
    const records = g && typeof g === 'object' ? g.records : undefined;
    if (!Array.isArray(records)) return [];
    return records.flatMap((spec: RecordSpec, ri) => {
      const path: PathSegment[] = ['groups', gi, 'records', ri];
      if (!f.faults?.within(path)) return [{ spec, path }];
      if (!named || !spec || typeof spec !== 'object' || typeof spec.record !== 'string') return [];
      const known: RecordSpec = { record: spec.record, expr: '' };
      if ((UNIT_NAMES as readonly unknown[]).includes(spec.unit)) known.unit = spec.unit!;
      return [{ spec: known, path }];
    });
  });
}

export function indexRecords(files: readonly LoadedFile[]): RecordIndex {
  const out = new Map<string, { spec: RecordSpec; file: string; path: PathSegment[] }>();
  for (const f of files) {
    for (const { spec, path } of recordsOf(f, true)) if (!out.has(spec.record)) out.set(spec.record, { spec, file: f.path, path });
  }
  return out;
}

/** The checks of one file's records; `index` names each record's first definition. */
export function checkRecords(r: Reporter, f: LoadedFile, index: RecordIndex, scrapeMs: number): void {
  for (const { spec, path } of recordsOf(f)) {
    const first = index.get(spec.record);
    if (first && (first.file !== f.path || first.path.join('/') !== path.join('/'))) {
      const line = first.file === f.path ? f.doc.locate([...first.path, 'record']).line : undefined;
      r.error(
        'rules.duplicate-record',
        [...path, 'record'],
        `recording rule "${spec.record}" is already defined at ${first.file}${line ? `:${line}` : ''}`,
        'two rules writing one series overwrite each other; give each its own name',
      );
    }
    if (RESERVED_PREFIXES.some((p) => spec.record.startsWith(p))) {
      r.error(
        'rules.record-reserved',
        [...path, 'record'],
        `"${spec.record}" uses a prefix vigil's own recording rules use (${RESERVED_PREFIXES.join(', ')})`,
        'choose a prefix of your own, e.g. app:',
      );
    } else if (!CONVENTIONAL.test(spec.record)) {
      r.warn(
        'lint.record-name',
        [...path, 'record'],
        `"${spec.record}" does not follow level:metric:operations`,
        'e.g. job:http_requests:rate5m: the colons tell a recorded series from an exported metric',
      );
    }
    checkLabels(r, spec.labels, [...path, 'labels']);
    checkPromql(r, f, [...path, 'expr'], spec.expr, scrapeMs);
  }
}

export function recordModel(spec: RecordSpec): OwnRecordModel {
  const out: OwnRecordModel = { record: spec.record, expr: spec.expr.trim() };
  if (spec.labels && Object.keys(spec.labels).length)
    out.labels = Object.fromEntries(
      Object.keys(spec.labels)
        .sort()
        .map((k) => [k, spec.labels![k]!]),
    );
  if (spec.unit) out.unit = UNIT_DISPLAY[spec.unit].unit;
  if (spec.description) out.description = spec.description;
  return out;
}

/**
 * An alert that watches a record (`metric: <record>`) as the same alert on `expr:`: the
 * record's name with the alert's own selector, in the record's unit. The group's default
 * selector does not apply: a record carries the labels its expression keeps, not the
 * exporter's (a `job` matcher would silence an alert on `sum by (instance)`).
 */
export function watchingRecord(a: AlertSpec, index: RecordIndex): AlertSpec {
  if (a.metric === undefined) return a;
  const rec = index.get(a.metric);
  if (!rec) return a;
  const { metric: _metric, selector, ...rest } = a;
  const matchers = matcherStrings(selector ?? {});
  const out: AlertSpec = { ...rest, expr: matchers.length ? `${rec.spec.record}{${matchers.join(', ')}}` : rec.spec.record };
  if (rec.spec.unit) out.unit = rec.spec.unit;
  // A record's series carry what its expression keeps: that tells them apart, for inhibition.
  if (!out.identify_by) {
    const id = identityOf(rec.spec.expr);
    if ('labels' in id) out.identify_by = id.labels;
  }
  return out;
}
