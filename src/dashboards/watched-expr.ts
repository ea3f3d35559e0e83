// The PromQL of a friendly metric as a host-dashboard panel queries it: the catalog's own
// expression (the one the alerts on that metric compare), narrowed by the dashboard's job and
// instance variables and rated over Grafana's $__rate_interval. A tile coloured by an alert's
// levels thus shows the very value the alert watches.
import { CATALOG } from '../compiler/catalog.js';
import { sel } from './common.js';

const PANEL_RATE = { range: '$__rate_interval', minutes: 0 };

export function watchedExpr(metric: string, ...extra: string[]): string {
  const m = CATALOG.get(metric);
  if (!m) throw new Error(`no friendly metric ${metric} in the catalog`);
  return m.promql((...own) => sel(...own, ...extra), PANEL_RATE);
}
