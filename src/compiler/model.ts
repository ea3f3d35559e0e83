// The compiler's model: what every emitter reads (Prometheus rules, promtool tests, operator
// objects, and the dashboard and Alertmanager emitters through views.ts). Built from the spec
// by build.ts; plain data, except each alert's test plan, which computes expected values.
import type { Humanizer, Severity } from './conventions.js';
import type { InputSeries } from './series.js';
import type { NotifySpecIn } from './spec.js';

export type Op = '>' | '>=' | '<' | '<=' | '==' | '!=';
export interface Condition {
  op: Op;
  value: number;
}

/** How an alert stands to the scrape of vigil (vigil-scrape.ts). */
export type VigilScrape = 'down' | 'depends';

export type AlertKind = 'threshold' | 'trend' | 'anomaly' | 'absence' | 'probe' | 'ratio' | 'latency' | 'slo';

export interface RecordModel {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** A recording rule the rule file defines itself (`records:`), with what dashboards show. */
export interface OwnRecordModel extends RecordModel {
  /** Grafana unit id, from the record's `unit:`. */
  unit?: string;
  description?: string;
}

export interface LevelModel {
  severity: Severity;
  /** The alert holds when any of these condition sets holds (all conditions of a set). */
  when: Condition[][];
  /** The rule's full expression. */
  expr: string;
  forMs: number;
  summary: string;
  description: string;
  /** How long after the condition becomes true the level fires, in words (`vigil check`). */
  detection?: string;
}

/** A scenario of a generated test: input series and, per level, the alert's value over time. */
export interface Scenario {
  name: string;
  series: InputSeries[];
  /** Minutes the test runs. */
  steps: number;
  /** Seconds between input samples (60 unless a rate needs every scrape). */
  intervalSeconds?: number;
  /** Labels of the alert's series (before the rule's labels are added). */
  labels: Record<string, string>;
  /** Value of level i's expression at minute t, or undefined when it returns nothing. */
  value(level: number, t: number): number | undefined;
}

export interface ExampleModel {
  name: string;
  series: { series: string; values: string }[];
  atMs: number;
  /** Time between the values of `series`. */
  interval?: string;
  fires: Severity[];
  labels: Record<string, string>;
}

/** Trend alerts: the projected value (e.g. predict_linear(...)) at the alert's horizon. */
export interface TrendModel {
  projectionExpr: string;
  horizon: string;
}
/** Anomaly alerts: the baseline's mean and standard deviation, and the allowed deviations. */
export interface AnomalyModel {
  meanExpr: string;
  stddevExpr: string;
  k: number;
}
/** SLO alerts: the error budget left, the burn rate of each window, the alerting factors. */
export interface SloModel {
  objective: number;
  period: string;
  budgetRemainingExpr: string;
  burnRates: { window: string; expr: string }[];
  factors: { factor: number; severity: Severity }[];
}

/** A level raised to a higher severity once it has fired for a while (escalation.ts). */
export interface EscalationModel {
  from: Severity;
  severity: Severity;
  afterMs: number;
  receiver?: string;
  expr: string;
  summary: string;
  description: string;
}

export interface AlertModel {
  name: string;
  kind: AlertKind;
  group: string;
  /** What is watched, without the comparison (for panels). */
  watched: {
    expr: string;
    unit?: string;
    /** The catalog's friendly metric, when the alert names one. */ metric?: string;
    humanize?: Humanizer;
    suffix?: string;
    legend?: string;
  };
  levels: LevelModel[];
  /** Group and alert labels; severity is per level. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  cooldown?: string;
  /** Labels the alert's series always carry (inhibition compares these), if known. */
  keptLabels?: string[];
  /** Labels that tell the alert's series apart (an upper bound); inhibition compares them. undefined when unknown. */
  identity?: string[];
  escalation?: EscalationModel;
  /** 'down': it says a vigil cannot be scraped; 'depends': it is muted meanwhile (vigil-scrape.ts). */
  vigilScrape?: VigilScrape;
  records: RecordModel[];
  trend?: TrendModel;
  anomaly?: AnomalyModel;
  slo?: SloModel;
  /** Synthetic scenarios for generated tests; undefined when vigil cannot make input series. */
  scenarios?: Scenario[];
  /** Why there is no generated test (shown as a warning). */
  noTestReason?: string;
  examples: ExampleModel[];
}

export interface GroupModel {
  name: string;
  interval?: string;
  records: OwnRecordModel[];
  alerts: AlertModel[];
}

export interface HealthModel {
  metric: string;
  expr: string;
  /** The 0-100 score beside the status (judges/health-score.ts). */
  score?: { metric: string; expr: string };
}

export interface RuleFileModel {
  /** rules/host.yaml */
  source: string;
  /** host */
  name: string;
  title?: string;
  groups: GroupModel[];
  health?: HealthModel;
  notify?: NotifySpecIn;
  /** The rule set's severities, least severe first (the same for every file of a compile). */
  severities: readonly string[];
}
