// How an alert stands to the scrape of vigil, for the Alertmanager inhibition that keeps a
// stopped host from paging once per probe and process group: a target_down alert over vigil's
// job says "this vigil cannot be scraped" ('down'); an alert whose series are scraped from
// vigil ('depends') goes quiet meanwhile, since its data is stale or missing for that very
// reason. What an alert depends on is read from what it watches (the watch kinds' fromVigil):
// vigil's metrics selected on one of its jobs. Prometheus's own metrics, records, SLOs and
// constant alerts (Watchdog) depend on no vigil and are never muted. `muted_while_vigil_down`
// overrides the reading either way.
import { INSTANCE_LABEL, VIGIL_LABEL } from './conventions.js';
import { alertIdentity } from './alert-identity.js';
import type { VigilScrape } from './model.js';
import type { AlertSpec, SelectorSpec } from './spec.js';
import { vigilJob } from './watch/shared.js';
import { watchOf } from './watch/index.js';

export function vigilScrapeOf(a: AlertSpec, sel: SelectorSpec): VigilScrape | undefined {
  const stated = a.muted_while_vigil_down;
  if (stated === false) return undefined;
  if (a.target_down) return stated || vigilJob(sel['job']) ? 'down' : undefined;
  if (stated) return 'depends';
  if (!watchOf(a)?.fromVigil?.(a, sel)) return undefined;
  // An alert that sums over the fleet (no instance, no vigil label) is no one host's alert.
  const id = alertIdentity(a);
  if ('labels' in id && !id.labels.includes(INSTANCE_LABEL) && !id.labels.includes(VIGIL_LABEL)) return undefined;
  return 'depends';
}
