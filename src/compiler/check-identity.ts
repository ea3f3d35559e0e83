// The identity check of the meaning stage: an alert with several levels needs to know which
// labels tell its series apart, or its inhibition could not keep one series' critical from
// silencing another series' warning.
import type { PathSegment } from '../yaml/source.js';
import { derivedIdentity } from './alert-identity.js';
import type { Reporter } from './report.js';
import type { AlertSpec } from './spec.js';

export function checkIdentity(r: Reporter, a: AlertSpec, path: PathSegment[], severities: readonly string[]): void {
  // Only alerts with several levels are inhibited; the others cost nothing here.
  if (!a.identify_by && new Set(severities).size < 2) return;
  const derived = derivedIdentity(a);
  if (a.identify_by) {
    if ('labels' in derived) {
      const missing = derived.labels.filter((l) => !a.identify_by!.includes(l));
      if (missing.length) {
        r.warn(
          'lint.identify-by-narrow',
          [...path, 'identify_by'],
          `identify_by leaves out ${missing.join(', ')}, which can tell this alert's series apart`,
          `the critical of one series would silence the warning of another that differs only in ${missing.join(', ')}; vigil derives [${derived.labels.join(', ')}]`,
        );
      }
    }
    return;
  }
  if ('labels' in derived) return;
  const where: PathSegment = a.expr !== undefined ? 'expr' : a.ratio ? 'ratio' : 'alert';
  r.error(
    'rules.identity-unknown',
    [...path, where],
    `alert "${a.alert}" has levels ${[...new Set(severities)].join(' and ')}, but vigil cannot tell which labels identify its series: ${derived.unknown}`,
    'add identify_by: [instance, job, ...] listing every label that tells its series apart (inhibition compares them), or aggregate with sum by (...)',
  );
}
