// `slo:` an objective over an indicator (availability, latency or events), judged by the slo
// judge alone (judges/slo.ts builds its recording rules and burn-rate alerts). It takes no
// comparison; its series are told apart by the slo label and its `by` labels.
import { promNumber } from '../conventions.js';
import { fasterThan } from '../judges/bucket.js';
import type { Reporter } from '../report.js';
import type { AlertSpec } from '../spec.js';
import type { PathSegment } from '../../yaml/source.js';
import { checkHistogramName } from './latency.js';
import type { WatchKind } from './types.js';

export const slo: WatchKind = {
  key: 'slo',
  modelKind: 'slo',
  condition: () => 'forbidden',
  modifiers: false,
  over: false,
  selectable: (a) => (a.slo?.events ? [] : undefined),
  kept: (a) => ['slo', ...(a.slo!.by ?? [])],
  check: ({ r, a, path: alertPath, checkPromql }) => {
    const path = [...alertPath, 'slo'];
    const s = a.slo!;
    const sli = (['availability', 'latency', 'events'] as const).filter((k) => s[k] !== undefined);
    if (sli.length !== 1) {
      r.error(
        'rules.slo-sli',
        path,
        sli.length ? `an SLO has one indicator, found ${sli.join(' and ')}` : 'an SLO needs an indicator',
        'give one of availability, latency or events',
      );
    }
    const objective = typeof s.objective === 'string' ? parseFloat(s.objective) : s.objective;
    if (!(objective > 0 && objective < 100))
      r.error('rules.slo-objective', [...path, 'objective'], `objective ${objective} is not a percentage between 0 and 100`);
    if (s.events) {
      for (const k of ['errors', 'total'] as const) {
        const text = s.events[k];
        if (!text.includes('$window'))
          r.error(
            'rules.slo-window',
            [...path, 'events', k],
            'events PromQL must use $window for its range',
            'e.g. sum(rate(http_requests_total{code=~"5.."}[$window]))',
          );
        checkPromql([...path, 'events', k], text, text.replace(/\$window/g, '5m'));
      }
    }
    if (s.latency) checkSloLatency(r, s.latency, [...path, 'latency']);
  },
};

function checkSloLatency(r: Reporter, l: NonNullable<NonNullable<AlertSpec['slo']>['latency']>, path: PathSegment[]): void {
  checkHistogramName(r, l.histogram, [...path, 'histogram']);
  const ft = fasterThan(l.faster_than, l.histogram);
  if (!ft) {
    r.error(
      'rules.duration',
      [...path, 'faster_than'],
      `"${l.faster_than}" is not a Prometheus duration`,
      "give a number in the histogram's unit (0.25) or a duration (250ms)",
    );
    return;
  }
  if (ft.unitAssumed) {
    r.warn(
      'lint.slo-bucket-unit',
      [...path, 'faster_than'],
      `${l.histogram} does not end in its unit (_seconds, _milliseconds, _microseconds): ${l.faster_than} is read as le=${promNumber(ft.value)}, in seconds`,
      "give faster_than as a number in the histogram's unit if it does not count seconds",
    );
  }
  if (l.buckets && !l.buckets.some((b) => Math.abs(b - ft.value) <= 1e-9 * Math.max(Math.abs(b), ft.value))) {
    r.warn(
      'lint.slo-bucket',
      [...path, 'faster_than'],
      `faster_than is le=${promNumber(ft.value)}, which is not one of the histogram's buckets (${l.buckets.map(promNumber).join(', ')}): its bucket series cannot exist and the SLO would never fire`,
      'an SLO counts the requests in one bucket: choose a faster_than that is a bucket boundary',
    );
  }
}
