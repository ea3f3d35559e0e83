// Shape errors that have a better explanation than "missing field" and "unknown field": a
// recording rule written among the alerts (`- record:` under `alerts:`, the Prometheus habit)
// fails both required `alert` and unknown `record`; say once where it belongs instead.
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { YamlDocument } from '../yaml/source.js';
import type { ShapeFault } from '../yaml/validate.js';

export function explainShape(doc: YamlDocument, faults: readonly ShapeFault[], diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const replaced = new Set<Diagnostic>();
  const added: Diagnostic[] = [];
  const done = new Set<string>();
  for (const f of faults) {
    const [g, gi, alerts, ai] = f.path;
    const misplaced =
      f.path.length === 4 &&
      g === 'groups' &&
      alerts === 'alerts' &&
      ((f.keyword === 'additionalProperties' && f.property === 'record') ||
        (f.keyword === 'required' && f.property === 'alert' && hasRecord(doc.value, gi, ai)));
    if (!misplaced) continue;
    replaced.add(f.diagnostic);
    const k = `${String(gi)}/${String(ai)}`;
    if (done.has(k)) continue;
    done.add(k);
    const p = doc.locate([...f.path, 'record'], 'key');
    added.push({
      code: 'rules.record-in-alerts',
      file: doc.file,
      line: p.line,
      column: p.column,
      message: `a recording rule inside \`alerts:\` of groups[${String(gi)}]`,
      hint: 'recording rules go under `records:` of the group, beside `alerts:` (records: [{ record: level:metric:operations, expr: ... }])',
    });
  }
  if (!added.length) return [...diagnostics];
  return [...diagnostics.filter((d) => !replaced.has(d)), ...added].sort((a, b) => a.line - b.line || a.column - b.column);
}

function hasRecord(root: unknown, gi: unknown, ai: unknown): boolean {
  const groups = (root as { groups?: unknown } | null)?.groups;
  const group = Array.isArray(groups) ? (groups[gi as number] as { alerts?: unknown } | undefined) : undefined;
  const alert = Array.isArray(group?.alerts) ? (group.alerts[ai as number] as Record<string, unknown> | undefined) : undefined;
  return !!alert && typeof alert === 'object' && 'record' in alert;
}
