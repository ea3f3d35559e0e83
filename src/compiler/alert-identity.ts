// The labels that tell one alert's series apart, for every kind of alert: stated by the rule
// file (`identify_by`), or derived from what the alert watches (identity.ts for PromQL). The
// Alertmanager inhibition compares them, so that the critical of one series silences only the
// warning of that same series.
import { plainSelector } from './promql.js';
import { identityOf, type Identity } from './identity.js';
import { friendlyMetricOf } from './resolve.js';
import { SLO_LABEL } from './conventions.js';
import type { AlertSpec } from './spec.js';

const sorted = (labels: readonly string[]): Identity => ({ labels: [...new Set(labels)].sort() });

/** What the compiler can derive on its own, ignoring `identify_by`. */
export function derivedIdentity(a: AlertSpec): Identity {
  const m = friendlyMetricOf(a);
  if (m) return sorted(m.keep);
  if (a.expr !== undefined) return identityOf(a.expr);
  if (a.ratio) {
    if ('total' in a.ratio) return identityOf(`(${a.ratio.errors} or 0 * ${a.ratio.total}) / (${a.ratio.total} > 0)`);
    return sorted(a.ratio.by ?? ['instance', 'job']);
  }
  if (a.latency) return sorted(a.latency.by ?? ['instance', 'job']);
  if (a.slo) return sorted([SLO_LABEL, ...(a.slo.by ?? [])]);
  if (a.stale !== undefined) {
    const sel = plainSelector(a.stale.metric);
    const exact = Object.entries(a.selector ?? {})
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k);
    return sel ? sorted([...Object.keys(sel.equal), ...exact]) : { unknown: 'its selector does not parse' };
  }
  if (a.absent !== undefined) {
    const sel = plainSelector(typeof a.absent === 'string' ? a.absent : a.absent.metric);
    const exact = Object.entries(a.selector ?? {})
      .filter(([, v]) => typeof v === 'string')
      .map(([k]) => k);
    return sel ? sorted([...Object.keys(sel.equal), ...exact]) : { unknown: 'its selector does not parse' };
  }
  return { unknown: 'vigil cannot tell what it watches' };
}

export function alertIdentity(a: AlertSpec): Identity {
  return a.identify_by ? sorted(a.identify_by) : derivedIdentity(a);
}
