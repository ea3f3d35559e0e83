// The table of judges: how an alert decides, from the watched value (watch/), that it fires.
// threshold compares the value with levels, trend its projection or speed, anomaly its
// distance from a baseline, slo the burn rate of an error budget; health (health.ts,
// health-score.ts) judges a whole rule file by the alerts that fire. A new judge is a module
// here and a row below: the model builder (build.ts) picks the first row that applies.
import type { AlertSpec } from '../spec.js';
import { buildAnomaly } from './anomaly.js';
import { buildSlo } from './slo.js';
import { buildThreshold } from './threshold.js';
import { buildTrend } from './trend.js';
import type { Built, KindInput } from './types.js';

export interface Judge {
  name: 'slo' | 'trend' | 'anomaly' | 'threshold';
  applies(a: AlertSpec): boolean;
  build(input: KindInput): Built;
}

export const JUDGES: readonly Judge[] = [
  { name: 'slo', applies: (a) => a.slo !== undefined, build: buildSlo },
  { name: 'trend', applies: (a) => a.trend !== undefined, build: buildTrend },
  { name: 'anomaly', applies: (a) => a.anomaly !== undefined, build: buildAnomaly },
  { name: 'threshold', applies: () => true, build: buildThreshold },
];

export function judgeOf(a: AlertSpec): Judge {
  return JUDGES.find((j) => j.applies(a))!;
}
