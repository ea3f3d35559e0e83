// The health score recording rule: per instance, 0 to 100 beside the 0/1/2 status, for the
// green/yellow/red page teams build. The worst severity firing on an instance picks a band
// and the number of alerts firing at that severity places the instance inside it:
//
//   with the levels [warning, critical] (least severe first) the bands are
//   100          nothing at these levels fires                        (green)
//   50 .. 100    warnings fire: 50 + 50 × 0.5^n  (1 → 75, 2 → 62.5)  (yellow)
//    0 .. 50     criticals fire: 50 × 0.5^n      (1 → 25, 2 → 12.5)  (red)
//
// so the colour of the score always agrees with the status, and among red instances the one
// with more criticals scores lower. A band is never left however many alerts fire.
// The levels come in as an ordered list, so a team's own severities give their own bands.
import { promNumber } from '../conventions.js';
import type { SelectorSpec } from '../spec.js';
import { matcherFn } from '../watch/shared.js';

export interface HealthBand {
  severity: string;
  /** Scores of instances whose worst firing severity is this one lie in (floor, ceiling). */
  floor: number;
  ceiling: number;
}

/** Bands of the score, most severe first. `levels` is ordered least severe first. */
export function healthBands(levels: readonly string[]): HealthBand[] {
  const width = 100 / levels.length;
  return levels
    .map((severity, k) => ({ severity, floor: width * (levels.length - 1 - k), ceiling: width * (levels.length - k) }))
    .reverse();
}

export function healthScoreExpr(levels: readonly string[], selector: SelectorSpec): string {
  const firing = (severity: string) => `count by (instance) (ALERTS{alertstate="firing", severity="${severity}"})`;
  const terms = healthBands(levels).map((b) => {
    const inBand = `${promNumber(b.ceiling - b.floor)} * 0.5 ^ ${firing(b.severity)}`;
    return b.floor === 0 ? inBand : `${promNumber(b.floor)} + ${inBand}`;
  });
  terms.push(`100 + 0 * count by (instance) (up${matcherFn(selector)()})`);
  return `min by (instance) (${terms.join(' or ')})`;
}
