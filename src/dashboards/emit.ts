// All dashboards → file path → JSON text, for `vigil compile` to write (or compare, --check).
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { healthDashboard, hostDashboard, probesDashboard, processesDashboard } from './index.js';
import { ruleFileDashboard } from './rules.js';
import { serializeDashboard } from './serialize.js';
import { DASHBOARD_DIR, ruleDashboardPath } from './uids.js';
import { DEFAULT_HOST_LEVELS, type HostLevels, type RuleFileDashboard } from './watched.js';

export interface DashboardsInput {
  /** The recording rule giving 0/1/2 (green/yellow/red) per instance. */
  healthMetric: string;
  ruleFiles: RuleFileDashboard[];
  /** Levels of the host alerts on the friendly metrics; the tiles of the host overview use them. */
  hostLevels?: Partial<HostLevels>;
  /** The rule set's severities, least severe first, when it declares its own. */
  severities?: readonly string[];
}

export function buildDashboards(input: DashboardsInput): Map<string, Dashboard> {
  const out = new Map<string, Dashboard>([
    [`${DASHBOARD_DIR}/host.json`, hostDashboard({ ...DEFAULT_HOST_LEVELS, ...input.hostLevels }, input.severities)],
    [`${DASHBOARD_DIR}/processes.json`, processesDashboard()],
    [`${DASHBOARD_DIR}/probes.json`, probesDashboard()],
    [`${DASHBOARD_DIR}/health.json`, healthDashboard(input.healthMetric, input.severities)],
  ]);
  for (const rf of [...input.ruleFiles].sort((a, b) => a.file.localeCompare(b.file))) {
    const path = ruleDashboardPath(rf.file);
    if (out.has(path)) throw new Error(`two rule files map to the dashboard ${path}: rename one`);
    out.set(path, ruleFileDashboard(rf));
  }
  return out;
}

/** Every dashboard file `vigil compile` writes: repository-relative path → JSON text, in a stable order. */
export function renderDashboards(input: DashboardsInput): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, d] of buildDashboards(input)) out.set(path, serializeDashboard(d));
  return out;
}
