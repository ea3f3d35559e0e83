// Stable dashboard uids and file names, so links in alert annotations survive recompiles.
import { ruleDashboardUid } from '../compiler/conventions.js';

export const DASHBOARD_DIR = 'grafana/dashboards';

export const UIDS = {
  host: 'vigil-host',
  processes: 'vigil-processes',
  probes: 'vigil-probes',
  health: 'vigil-health',
} as const;

/** The uid of the dashboard of one rule file: the compiler's conventions own it, since alert
 * annotations link to it too. */
export { ruleDashboardUid };

export function ruleDashboardPath(ruleFile: string): string {
  return `${DASHBOARD_DIR}/${ruleDashboardUid(ruleFile).replace(/^vigil-/, '')}.json`;
}
