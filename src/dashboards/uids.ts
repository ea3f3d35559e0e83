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

/**
 * The path of a dashboard in Grafana, for an alert's `dashboard` annotation (prefix it with
 * Grafana's external URL). `panelId` opens one panel, `instance` sets the variable.
 */
export function dashboardLink(uid: string, opts: { panelId?: number; instanceTemplate?: boolean } = {}): string {
  const params: string[] = [];
  if (opts.instanceTemplate) params.push('var-instance={{ $labels.instance }}');
  if (opts.panelId !== undefined) params.push(`viewPanel=${opts.panelId}`);
  return `/d/${uid}${params.length ? `?${params.join('&')}` : ''}`;
}
