// The public, versioned rule language as it is written in rules/*.yaml (version 1). It is kept
// apart from the model the emitters read, so the language can grow without the emitters
// noticing. schema.ts describes the same shape for ajv and for editors.
import type { Severity } from './conventions.js';

export type MatcherSpec = string | { regex: string } | { not: string } | { not_regex: string };
export type SelectorSpec = Record<string, MatcherSpec>;

/** One value for the alert's severity, or a value per severity level. */
export type LevelValues<T> = T | Partial<Record<Severity, T>>;
/** Numbers, or "5%" for fractions. */
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
  above?: number;
  below?: number;
  within?: string;
  lookback?: string;
  rising_faster_than?: number;
  falling_faster_than?: number;
  per?: string;
  using?: 'deriv' | 'rate' | 'increase';
}

export interface AnomalySpec {
  baseline: string;
  deviations?: number;
  seasonality?: 'daily' | 'weekly';
  direction?: 'up' | 'down' | 'both';
}

export interface AbsentSpec {
  metric: string;
  window?: string;
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
  latency?: { histogram: string; faster_than: number | string };
  events?: { errors: string; total: string };
  by?: string[];
}

export interface ExampleSpec {
  name?: string;
  series: Record<string, string>;
  at: string;
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
  target_down?: boolean;
  slo?: SloSpec;
  // How it judges the value.
  above?: LevelValues<Threshold>;
  below?: LevelValues<Threshold>;
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
  escalate?: EscalateSpec;
  summary?: string;
  description?: string;
  runbook_url?: string;
  dashboard?: boolean;
  examples?: ExampleSpec[];
}

export interface GroupSpec {
  name: string;
  interval?: string;
  defaults?: DefaultsSpec;
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
export const WHAT_KEYS = ['metric', 'expr', 'ratio', 'latency', 'probe', 'absent', 'target_down', 'slo'] as const;
/** The comparisons of threshold-like alerts. */
export const CONDITION_KEYS = ['above', 'below', 'equal', 'not_equal', 'between', 'outside', 'within'] as const;
