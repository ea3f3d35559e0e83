// What one watch kind (the `metric`, `expr`, `ratio`, ... of an alert) tells the rest of the
// compiler: the PromQL of the watched value, the labels that tell its series apart, whether the
// alert compares it, which judges may judge it, and the meaning checks of its own fields.
import type { FriendlyMetric, RateWindow, Sample } from '../catalog.js';
import type { AlertKind } from '../model.js';
import type { Resolved } from '../resolved.js';
import type { Labels, Signal } from '../series.js';
import type { AlertSpec, SelectorSpec, WHAT_KEYS } from '../spec.js';
import type { Display } from './shared.js';
import type { Reporter } from '../report.js';
import type { LoadedFile } from '../load.js';
import type { PathSegment } from '../../yaml/source.js';

export type WhatKey = (typeof WHAT_KEYS)[number];

/** The watched value as the judges read it. */
export interface Source {
  watched: string;
  /** The catalog entry, for alerts that name a friendly metric (or a shorthand of one). */
  metric?: FriendlyMetric;
  fraction?: boolean;
  kept?: string[];
  /** Sample series for a level value, or undefined if vigil cannot make them up. */
  sample?: (v: Signal, instance: string, steps: number) => { sample: Sample; labels: Labels } | undefined;
  noTest?: string;
  unit?: string;
  what: string;
  plain?: boolean;
  /** How values print when no friendly metric says (an `expr:` with `unit:`, a latency). */
  display?: Display;
  /** Values the watched value can take, when no friendly metric says. */
  domain?: FriendlyMetric['domain'];
  /** The description's opening, when no friendly metric says. */
  help?: string;
}

/** Whether the alert compares the watched value: it must, it may not, or either. */
export type ConditionRule = 'required' | 'forbidden' | 'optional';

export interface WatchCheck {
  r: Reporter;
  f: LoadedFile;
  a: AlertSpec;
  path: PathSegment[];
  scrapeMs: number;
  res: Resolved;
  /** The comparison keys the alert gives (above, below, ..., within). */
  conds: string[];
  /** PromQL syntax and range checks at a path (check-common.ts, handed in by meaning.ts). */
  checkPromql: (path: PathSegment[], text: string, substituted?: string) => boolean;
}

/** What the default wording of an alert is made of. */
export interface Wording {
  a: AlertSpec;
  res: Resolved;
  src: Source;
  /** Template text naming what fired ("{{ $labels.probe }} on {{ $labels.instance }}"). */
  who: string;
  /** " on <who>", or '' when nothing names it. */
  on: string;
}

export interface WatchKind {
  key: WhatKey;
  /** Kind of the model when the threshold judge compares it. */
  modelKind: AlertKind;
  condition(a: AlertSpec): ConditionRule;
  /** Whether its levels are given as `within` (a time left, as a certificate's expiry). */
  within?: (a: AlertSpec) => boolean;
  /** Judges other than the threshold that may judge this value (trend, anomaly). */
  modifiers: boolean;
  /** Whether `over` may aggregate the value over time before the comparison. */
  over: boolean;
  /** The level of a kind that compares its value itself (a failing probe is 0). */
  fixedLevel?: (a: AlertSpec) => { key: 'equal'; value: number } | undefined;
  /** The friendly metric of the catalog behind it, if any. */
  friendly?: (a: AlertSpec) => FriendlyMetric | undefined;
  /** Labels a selector may narrow ([] none), or undefined when any label goes. */
  selectable(a: AlertSpec): string[] | undefined;
  /**
   * The labels the checker holds annotation templates to, where the source's (Source.kept, read
   * by both the checker and the builder) cannot say: slo has no source, and an expr's source
   * knows only some of a plain selector's labels, so its templates are not checked.
   */
  kept?: (a: AlertSpec) => string[] | undefined;
  /** The PromQL of the value; undefined for kinds whose judge builds its own (slo). */
  source?: (a: AlertSpec, sel: SelectorSpec, res?: Pick<Resolved, 'forMs' | 'forExplicit'>, rw?: RateWindow) => Source;
  /** A gap shorter than the wait holds the last value (friendly metrics; timing.ts). */
  bridges?: boolean;
  /**
   * The PromQL is the condition itself (absent_over_time yields 1) and its window is the
   * whole wait: the rule gets no comparison and no `for` of its own.
   */
  absence?: boolean;
  /**
   * Whether the series it watches are scraped from vigil (a selector on one of VIGIL_JOBS), so
   * they stop, go stale or vanish while that vigil cannot be scraped: the alert is then muted
   * by the vigil's target-down alert (vigil-scrape.ts). Absent: never (records, SLOs).
   */
  fromVigil?: (a: AlertSpec, sel: SelectorSpec) => boolean;
  /** Default summary and description wording, when the kind has its own. */
  summary?: (w: Wording) => string | undefined;
  description?: (w: Wording) => string | undefined;
  /** Meaning checks of the kind's own fields. */
  check?: (c: WatchCheck) => void;
}
