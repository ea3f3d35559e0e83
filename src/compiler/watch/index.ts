// The table of watch kinds: what an alert watches, one module each. The checker, the model
// builder and the judges ask this table, so a kind is decided in one place. A new watch kind
// is a module here and a row below (and its key in the language: spec.ts, schema.ts).
import type { RateWindow } from '../catalog.js';
import type { AlertSpec, SelectorSpec } from '../spec.js';
import { WHAT_KEYS } from '../spec.js';
import { absent } from './absent.js';
import { expr } from './expr.js';
import { latency } from './latency.js';
import { metric } from './metric.js';
import { probe } from './probe.js';
import { ratio } from './ratio.js';
import { slo } from './slo.js';
import { stale } from './stale.js';
import { targetDown } from './target-down.js';
import type { Source, WatchKind, WhatKey } from './types.js';

export type { Source, WatchKind, WhatKey } from './types.js';

export const WATCH_KINDS: Readonly<Record<WhatKey, WatchKind>> = {
  metric,
  expr,
  ratio,
  latency,
  probe,
  absent,
  stale,
  target_down: targetDown,
  slo,
};

/** The keys of the kinds an alert names, in the language's order. */
export function watchKeys(a: AlertSpec): WhatKey[] {
  return WHAT_KEYS.filter((k) => a[k] !== undefined);
}

/** The kind an alert watches (the first it names; the checker refuses more than one). */
export function watchOf(a: AlertSpec): WatchKind | undefined {
  const k = watchKeys(a)[0];
  return k ? WATCH_KINDS[k] : undefined;
}

/** The watched value of an alert whose kind has a PromQL source (every kind but slo). */
export function sourceOf(a: AlertSpec, sel: SelectorSpec, res?: Parameters<NonNullable<WatchKind['source']>>[2], rw?: RateWindow): Source {
  const kind = watchOf(a);
  if (!kind?.source) throw new Error(`alert ${a.alert} watches nothing with a PromQL source`);
  return kind.source(a, sel, res, rw);
}
