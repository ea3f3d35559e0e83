import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The PromQL a shipped Grafana dashboard sends, as Grafana would send it for "All": the
// tests run these against a real Prometheus to see what a person looking at the panel sees.

export interface PanelQuery {
  dashboard: string;
  panel: string;
  type: string;
  expr: string;
}

interface Panel {
  type?: string;
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

function* panelsOf(panels: Panel[]): Generator<Panel> {
  for (const p of panels) {
    yield p;
    // Collapsed rows keep their panels inside.
    if (p.panels) yield* panelsOf(p.panels);
  }
}

/**
 * Every target expression of grafana/dashboards/NAME.json with the template variables
 * replaced: `$job` and `$instance` by their "All" value (`.+`, the dashboards' allValue) or
 * the given job, `$__rate_interval` by `rateInterval`.
 */
export function dashboardQueries(name: string, vars: { job: string; rateInterval: string }): PanelQuery[] {
  const file = fileURLToPath(new URL(`../../grafana/dashboards/${name}.json`, import.meta.url));
  const d = JSON.parse(readFileSync(file, 'utf8')) as { panels: Panel[] };
  const out: PanelQuery[] = [];
  for (const p of panelsOf(d.panels)) {
    for (const t of p.targets ?? []) {
      if (!t.expr) continue;
      const expr = t.expr.replaceAll('$__rate_interval', vars.rateInterval).replaceAll('$job', vars.job).replaceAll('$instance', '.+');
      if (/\$\w/.test(expr)) throw new Error(`${name}.json "${p.title}": a variable this helper does not know: ${expr}`);
      out.push({ dashboard: name, panel: p.title ?? '', type: p.type ?? '', expr });
    }
  }
  return out;
}
