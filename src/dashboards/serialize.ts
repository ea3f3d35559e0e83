// Built dashboards → the JSON files Grafana provisions. Panel ids and query refIds are given
// here in reading order so they never depend on build order elsewhere; keys are sorted so the
// text changes only when the dashboard does.
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

function refId(i: number): string {
  let s = '';
  for (let n = i; n >= 0; n = Math.floor(n / 26) - 1) s = String.fromCharCode(65 + (n % 26)) + s;
  return s;
}

/** Gives every panel an id (1, 2, ...) and every query a refId (A, B, ...). */
export function numberPanels(d: Dashboard): Dashboard {
  let id = 0;
  const fix = (p: Panel | RowPanel): Panel | RowPanel => {
    id += 1;
    if (p.type === 'row') {
      const row = p as RowPanel;
      return { ...row, id, panels: (row.panels ?? []).map((c) => fix(c) as Panel) };
    }
    const panel = p as Panel;
    const targets = panel.targets?.map((t, i) => ({ ...t, refId: refId(i) }));
    return targets ? { ...panel, id, targets } : { ...panel, id };
  };
  return { ...d, panels: (d.panels ?? []).map(fix) };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** Deterministic text: sorted keys, two-space indent, one trailing newline. */
export function serializeDashboard(d: Dashboard): string {
  return `${JSON.stringify(sortKeys(numberPanels(d)), null, 2)}\n`;
}
