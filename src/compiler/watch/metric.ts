// `metric: <friendly name>`: a value from the catalog, with its unit, its labels and the input
// series that make it read a given value. The probe shorthands and target_down are friendly
// metrics too (probe.ts, target-down.ts); a metric that names a record of rules/ has become
// an `expr:` before it gets here (records.ts).
import { CATALOG, type FriendlyMetric, type RateWindow } from '../catalog.js';
import { matcherFn, sampleLabels, title, vigilJob } from './shared.js';
import type { AlertSpec, SelectorSpec } from '../spec.js';
import type { Source, WatchKind } from './types.js';

export function friendlySource(metric: FriendlyMetric, sel: SelectorSpec, rw?: RateWindow): Source {
  const m = matcherFn(sel);
  return {
    watched: metric.promql(m, rw),
    metric,
    kept: metric.keep,
    unit: metric.unit,
    what: title(metric),
    plain: metric.promql(() => '') === metric.selector,
    sample: (v, instance, steps) => {
      const labels = sampleLabels(instance, metric.sampleLabels, sel);
      return labels ? { sample: metric.sample(v, steps, labels, rw), labels } : undefined;
    },
  };
}

/** A watch kind over one friendly metric chosen from the alert. */
export function friendlyKind(
  k: Omit<WatchKind, 'friendly' | 'selectable' | 'kept' | 'source'>,
  metricOf: (a: AlertSpec) => FriendlyMetric | undefined,
): WatchKind {
  return {
    ...k,
    friendly: metricOf,
    selectable: (a) => {
      const m = metricOf(a);
      return m ? ['instance', 'job', ...m.selectable] : undefined;
    },
    // Every friendly metric but target_up (Prometheus's `up`) is a series of vigil's exposition.
    fromVigil:
      k.fromVigil ??
      ((a, sel) => {
        const m = metricOf(a);
        return !!m && m.name !== 'target_up' && vigilJob(sel['job']);
      }),
    source: (a, sel, _res, rw) => friendlySource(metricOf(a)!, sel, rw),
  };
}

export const metric: WatchKind = friendlyKind(
  {
    key: 'metric',
    modelKind: 'threshold',
    condition: () => 'required',
    modifiers: true,
    over: true,
    bridges: true,
  },
  (a) => (a.metric === undefined ? undefined : CATALOG.get(a.metric)),
);
