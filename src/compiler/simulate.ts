// Prometheus's alert state machine over a scenario, minute by minute: pending from the first
// evaluation where the rule returns a sample, firing once it has held for `for`, kept firing
// for keep_firing_for after it stops holding. The generated tests assert exactly this.
import type { Scenario } from './model.js';

export interface LevelTimeline {
  /** Firing at minute t. */
  firing: boolean[];
  /** Minutes whose state depends on keep_firing_for, which the tests do not assert. */
  uncertain: boolean[];
  /** First minute it fires, if ever. */
  firstFiring?: number;
}

export function simulate(s: Scenario, level: number, forMin: number, keepMin: number): LevelTimeline {
  const firing: boolean[] = [];
  const uncertain: boolean[] = [];
  let activeSince: number | undefined;
  let wasFiring = false;
  let keepSince: number | undefined;
  let firstFiring: number | undefined;
  for (let t = 0; t <= s.steps; t++) {
    const holds = s.value(level, t) !== undefined;
    let f = false;
    let u = false;
    if (holds) {
      activeSince ??= t;
      keepSince = undefined;
      f = wasFiring || t - activeSince >= forMin;
    } else if (wasFiring && keepMin > 0 && (keepSince === undefined || t - keepSince < keepMin)) {
      keepSince ??= t;
      f = true;
      u = true;
    } else {
      activeSince = undefined;
      keepSince = undefined;
    }
    wasFiring = f;
    if (f && firstFiring === undefined) firstFiring = t;
    firing.push(f);
    uncertain.push(u);
  }
  const out: LevelTimeline = { firing, uncertain };
  if (firstFiring !== undefined) out.firstFiring = firstFiring;
  return out;
}
