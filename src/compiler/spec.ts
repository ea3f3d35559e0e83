// The public, versioned rule language as it is written in rules/*.yaml (version 1). It is kept
// apart from the model the emitters read, so the language can grow without the emitters
// noticing. schema.ts describes the same shape for ajv and for editors.
import type { Severity } from './conventions.js';
import type { UnitName } from './units.js';

export type MatcherSpec = string | { regex: string } | { not: string } | { not_regex: string };
export type SelectorSpec = Record<string, MatcherSpec>;

/** One value for the alert's severity, or a value per severity level. */
export type LevelValues<T> = T | Partial<Record<Severity, T>>;
/** Numbers, or a number with a unit: 2GiB, 500MB, 250ms, 2s, "5%" (units.ts). */
export type Threshold = number | string;

export interface DefaultsSpec {
  severity?: Severity;
  for?: string;
  cooldown?: string;
  labels?: Record<string, string>;
  selector?: SelectorSpec;
  /** `{alert}` is replaced by the alert's name. */
  runbook_url?: string;
  /** Grafana's base URL: alerts link to their rule file's dashboard. */
  dashboard_url?: string;
}

export interface OverSpec {
  window: string;
  using: 'avg' | 'min' | 'max' | 'last' | 'quantile';
  quantile?: number;
}

export interface TrendSpec {
  above?: Threshold;
  below?: Threshold;
  within?: string;
  lookback?: string;
  rising_faster_than?: Threshold;
  falling_faster_than?: Threshold;
  per?: string;
  using?: 'deriv' | 'rate' | 'increase';
}

export interface AnomalySpec {
  baseline: string;
  deviations?: number;
  seasonality?: 'daily' | 'weekly';
  direction?: 'up' | 'down' | 'both';
  /** mean and standard deviation (default), or median and interquartile range (robust to outliers). */
  method?: 'mean' | 'median';
  /** The latest stretch left out of a non-seasonal baseline (default: as long as the baseline, at least `for`). */
  recent?: string;
}

export interface AbsentSpec {
  metric: string;
  window?: string;
}

/** A gauge holding a Unix time (a job's last success): older than `older_than`, or missing. */
export interface StaleSpec {
  metric: string;
  older_than: string;
}

export type RatioSpec =
  | { metric: string; errors: SelectorSpec; by?: string[]; window?: string }
  | { errors: string; total: string };

export interface LatencySpec {
  histogram: string;
  quantile: number;
  window?: string;
  by?: string[];
}

export interface SloSpec {
  objective: number | string;
  period?: string;
  availability?: { metric: string; errors: SelectorSpec };
  /** faster_than: a number in the histogram's unit, or a duration (250ms); buckets: the histogram's declared boundaries. */
  latency?: { histogram: string; faster_than: number | string; buckets?: number[] };
  events?: { errors: string; total: string };
  by?: string[];
}

export interface ExampleSpec {
  name?: string;
  series: Record<string, string>;
  at: string;
  /** Time between the values of `series` (default 1m). */
  interval?: string;
  fires: Severity[];
  labels?: Record<string, string>;
}

/** "Still firing after `after` → `severity`", routed to `receiver` when given. */
export interface EscalateSpec {
  after: string;
  severity: Severity;
  receiver?: string;
}

export interface AlertSpec {
  alert: string;
  // What the alert watches: exactly one of these.
  metric?: string;
  expr?: string;
  ratio?: RatioSpec;
  latency?: LatencySpec;
  probe?: 'failing' | 'slow' | 'cert_expiring';
  absent?: string | AbsentSpec;
  stale?: StaleSpec;
  target_down?: boolean;
  slo?: SloSpec;
  /** What `expr:` measures, so thresholds may be written 2GiB, 250ms or "5%". */
  unit?: UnitName;
  // How it judges the value.
  above?: LevelValues<Threshold>;
  below?: LevelValues<Threshold>;
  /** Inclusive forms of above and below: a value exactly at the threshold fires. */
  at_least?: LevelValues<Threshold>;
  at_most?: LevelValues<Threshold>;
  /** Hysteresis: once firing, an above/at_least alert clears only when the value drops below this. */
  clear_below?: LevelValues<Threshold>;
  /** Hysteresis: once firing, a below/at_most alert clears only when the value rises above this. */
  clear_above?: LevelValues<Threshold>;
  equal?: LevelValues<Threshold>;
  not_equal?: LevelValues<Threshold>;
  between?: LevelValues<[Threshold, Threshold]>;
  outside?: LevelValues<[Threshold, Threshold]>;
  within?: LevelValues<string>;
  over?: OverSpec;
  trend?: TrendSpec;
  anomaly?: AnomalySpec;
  // Everything else.
  severity?: Severity;
  for?: string;
  cooldown?: string;
  labels?: Record<string, string>;
  selector?: SelectorSpec;
  /** Labels that tell this alert's series apart (inhibition compares them), when vigil cannot derive them. */
  identify_by?: string[];
  /**
   * Whether Alertmanager mutes this alert while the vigil target of its instance is down
   * (vigil-scrape.ts): true when vigil cannot tell its data comes from vigil, false never. On a
   * target_down alert: whether it mutes the others.
   */
  muted_while_vigil_down?: boolean;
  escalate?: EscalateSpec;
  summary?: string;
  description?: string;
  runbook_url?: string;
  dashboard?: boolean;
  examples?: ExampleSpec[];
}

/** A recording rule of the team's own (`records:` of a group). */
export interface RecordSpec {
  /** level:metric:operations, e.g. app:errors:rate5m */
  record: string;
  expr: string;
  labels?: Record<string, string>;
  /** What the value measures, so alerts on it may write 2GiB, 250ms or "5%". */
  unit?: UnitName;
  /** Shown on the rule file's dashboard. */
  description?: string;
}

export interface GroupSpec {
  name: string;
  interval?: string;
  defaults?: DefaultsSpec;
  /** Recording rules, evaluated before the group's alerts. */
  records?: RecordSpec[];
  /** Absent in a group of records only; load.ts makes it []. */
  alerts: AlertSpec[];
}

export interface EmailSpec {
  to: string | string[];
  from: string;
  smarthost: string;
  require_tls?: boolean;
  insecure_skip_verify?: boolean;
  auth_username?: string;
  auth_password_file?: string;
  send_resolved?: boolean;
}
export interface WebhookSpec {
  url?: string;
  url_file?: string;
  bearer_token_file?: string;
  send_resolved?: boolean;
  max_alerts?: number;
}
export interface ReceiverSpecIn {
  name: string;
  email?: EmailSpec | EmailSpec[];
  webhook?: WebhookSpec | WebhookSpec[];
}
export interface TimingSpec {
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
}
export interface RouteSpecIn extends TimingSpec {
  match: SelectorSpec;
  receiver: string;
  continue?: boolean;
}
export interface NotifySpecIn extends TimingSpec {
  default_receiver: string;
  receivers: ReceiverSpecIn[];
  routes?: RouteSpecIn[];
}

export interface RuleFileSpec {
  version: 1;
  title?: string;
  /** The rule set's severities, least severe first (default info, warning, critical); one file declares them. */
  severities?: string[];
  scrape_interval?: string;
  health?: boolean | { selector?: SelectorSpec };
  notify?: NotifySpecIn;
  groups: GroupSpec[];
}

/** The keys that say what an alert watches; exactly one per alert. */
export const WHAT_KEYS = ['metric', 'expr', 'ratio', 'latency', 'probe', 'absent', 'stale', 'target_down', 'slo'] as const;
/** The comparisons of threshold-like alerts. */
export const CONDITION_KEYS = ['above', 'below', 'at_least', 'at_most', 'equal', 'not_equal', 'between', 'outside', 'within'] as const;
