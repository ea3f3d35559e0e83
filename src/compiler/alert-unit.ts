// The unit of what an alert watches, which decides how its thresholds are read (units.ts).
import { toNumber } from './units.js';
import { friendlyMetricOf } from './resolve.js';
import type { AlertSpec } from './spec.js';
import { readThreshold, unitOfGrafana, type Unit, type UnitName } from './units.js';

export interface AlertUnit {
  unit: Unit;
  /** The value's name in messages. */
  what: string;
  /** Raw PromQL: the author may state the unit with `unit:`. */
  onExpr: boolean;
}

/** `recordUnit` gives the unit of a recording rule an alert names in `metric:`. */
export function alertUnit(a: AlertSpec, recordUnit?: (name: string) => UnitName | undefined): AlertUnit {
  const m = friendlyMetricOf(a);
  if (m) return { unit: unitOfGrafana(m.unit), what: m.name, onExpr: false };
  if (a.metric !== undefined) return { unit: recordUnit?.(a.metric) ?? 'none', what: a.metric, onExpr: false };
  if (a.ratio) return { unit: 'ratio', what: 'the error ratio', onExpr: false };
  if (a.latency) return { unit: 'seconds', what: 'the latency', onExpr: false };
  if (a.expr !== undefined)
    return { unit: a.unit ?? 'none', what: a.unit ? `this expression (unit: ${a.unit})` : 'this expression', onExpr: true };
  return { unit: 'none', what: 'this value', onExpr: false };
}

/** Thresholds of an alert as numbers in its unit (meaning.ts has rejected what does not fit). */
export function thresholdNumber(a: AlertSpec): (v: number | string) => number {
  const u = alertUnit(a);
  return (v) => {
    const r = readThreshold(v, u.unit, u.what, u.onExpr);
    return r.ok ? r.value : toNumber(v);
  };
}
