// The public, versioned rule language as it is written in rules/*.yaml (version 1), as types.
// schema.ts is its one description: these types are read off that JSON Schema (SchemaValue),
// so the schema ajv checks a file with, the one editors complete from and the types the
// compiler reads cannot drift apart. The names are the ones the rest of the compiler uses.
// The language is kept apart from the model the emitters read, so it can grow without the
// emitters noticing.
import type { SchemaValue } from '../yaml/schema-type.js';
import type { rulesSchema } from './schema.js';

/** A rule file as the shape check passes it: a group may lack `alerts`. */
export type RuleFileIn = SchemaValue<typeof rulesSchema>;
type GroupIn = RuleFileIn['groups'][number];

/** A group as later stages read it: load.ts gives a group of records only `alerts: []`. */
export type GroupSpec = Omit<GroupIn, 'alerts'> & { alerts: AlertSpec[] };
export type RuleFileSpec = Omit<RuleFileIn, 'groups'> & { groups: GroupSpec[] };

export type AlertSpec = NonNullable<GroupIn['alerts']>[number];
export type DefaultsSpec = NonNullable<GroupIn['defaults']>;
/** A recording rule of the team's own (`records:` of a group). */
export type RecordSpec = NonNullable<GroupIn['records']>[number];

export type SelectorSpec = NonNullable<AlertSpec['selector']>;
/** An exact value, or { regex }, { not } or { not_regex }. */
export type MatcherSpec = SelectorSpec[string];
/** Numbers, or a number with a unit: 2GiB, 500MB, 250ms, 2s, "5%" (units.ts). */
export type Threshold = NonNullable<TrendSpec['above']>;

export type OverSpec = NonNullable<AlertSpec['over']>;
export type TrendSpec = NonNullable<AlertSpec['trend']>;
export type AnomalySpec = NonNullable<AlertSpec['anomaly']>;
export type AbsentSpec = Exclude<NonNullable<AlertSpec['absent']>, string>;
/** A gauge holding a Unix time (a job's last success): older than `older_than`, or missing. */
export type StaleSpec = NonNullable<AlertSpec['stale']>;
export type RatioSpec = NonNullable<AlertSpec['ratio']>;
export type LatencySpec = NonNullable<AlertSpec['latency']>;
export type SloSpec = NonNullable<AlertSpec['slo']>;
export type ExampleSpec = NonNullable<AlertSpec['examples']>[number];
/** "Still firing after `after` → `severity`", routed to `receiver` when given. */
export type EscalateSpec = NonNullable<AlertSpec['escalate']>;

export type NotifySpecIn = NonNullable<RuleFileIn['notify']>;
export type ReceiverSpecIn = NotifySpecIn['receivers'][number];
export type EmailSpec = Exclude<NonNullable<ReceiverSpecIn['email']>, unknown[]>;
export type WebhookSpec = Exclude<NonNullable<ReceiverSpecIn['webhook']>, unknown[]>;
export type RouteSpecIn = NonNullable<NotifySpecIn['routes']>[number];
export type TimingSpec = Pick<NotifySpecIn, 'group_by' | 'group_wait' | 'group_interval' | 'repeat_interval'>;

/** The keys that say what an alert watches; exactly one per alert. */
export const WHAT_KEYS = ['metric', 'expr', 'ratio', 'latency', 'probe', 'absent', 'stale', 'target_down', 'slo'] as const;
/** The comparisons of threshold-like alerts. */
export const CONDITION_KEYS = ['above', 'below', 'at_least', 'at_most', 'equal', 'not_equal', 'between', 'outside', 'within'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];
