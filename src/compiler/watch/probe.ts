// `probe: failing | slow | cert_expiring`: shorthands for the probe metrics of the catalog.
// A failing probe compares itself (probe_success == 0); a slow one needs a comparison; an
// expiring certificate takes `within`.
import { CATALOG } from '../catalog.js';
import { friendlyKind } from './metric.js';
import type { WatchKind } from './types.js';

export const PROBE_METRICS: Record<string, string> = {
  failing: 'probe_success',
  slow: 'probe_latency_seconds',
  cert_expiring: 'probe_cert_expiry_seconds',
};

export const probe: WatchKind = friendlyKind(
  {
    key: 'probe',
    modelKind: 'probe',
    modifiers: false,
    over: false,
    bridges: true,
    summary: ({ a, who }) =>
      a.probe === 'failing'
        ? `Probe ${who || '{{ $labels.probe }}'} is failing`
        : a.probe === 'cert_expiring'
          ? `Certificate of ${who} expires in {{ $value | humanizeDuration }}`
          : undefined,
    condition: (a) => (a.probe === 'failing' ? 'forbidden' : a.probe === 'slow' ? 'required' : 'optional'),
    within: (a) => a.probe === 'cert_expiring',
    fixedLevel: (a) => (a.probe === 'failing' ? { key: 'equal', value: 0 } : undefined),
    check: ({ r, a, path, conds }) => {
      if (a.probe === 'cert_expiring' && a.within === undefined)
        r.error(
          'rules.condition-missing',
          [...path, 'probe'],
          'probe: cert_expiring needs `within` (e.g. within: { warning: 14d, critical: 3d })',
        );
      if (a.probe === 'cert_expiring' && conds.some((c) => c !== 'within'))
        r.error(
          'rules.condition-kind',
          [...path, conds.find((c) => c !== 'within')!],
          'probe: cert_expiring takes `within`',
          undefined,
          'key',
        );
    },
  },
  (a) => (a.probe === undefined ? undefined : CATALOG.get(PROBE_METRICS[a.probe]!)),
);
