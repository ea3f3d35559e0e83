// What a rule file asks that a target engine cannot keep, as coded errors at the place in
// the file that asks it (never a silent drop). Run by the pipeline for a target other than
// Prometheus, after the meaning checks, over the well-formed files.
import type { Diagnostic } from '../yaml/diagnostic.js';
import { VMALERT_GROUP_LABEL } from './conventions.js';
import type { LoadedFile } from './load.js';
import { TARGET_INFO, type Target } from './targets.js';

export function targetDiagnostics(files: readonly LoadedFile[], target: Target): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (target !== 'vmalert') return out;
  for (const f of files) {
    f.spec.groups.forEach((g, gi) => {
      const places: { path: (string | number)[]; labels: Record<string, string> | undefined }[] = [
        { path: ['groups', gi, 'defaults', 'labels'], labels: g.defaults?.labels },
        ...g.alerts.map((a, ai) => ({ path: ['groups', gi, 'alerts', ai, 'labels'], labels: a.labels })),
      ];
      for (const p of places) {
        if (!p.labels || !(VMALERT_GROUP_LABEL in p.labels)) continue;
        const at = f.doc.locate([...p.path, VMALERT_GROUP_LABEL], 'key');
        out.push({
          code: 'target.label-taken',
          file: f.path,
          ...at,
          message: `label "${VMALERT_GROUP_LABEL}" cannot be kept on ${TARGET_INFO[target].engine}: vmalert sets it on every alert to the rule group's name ("${g.name}"), so the value written here would be replaced`,
          hint: `rename the label (for example "${VMALERT_GROUP_LABEL}_name"), or compile for another target`,
        });
      }
    });
  }
  return out;
}
