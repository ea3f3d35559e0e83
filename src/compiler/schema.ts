// The JSON Schema of rule files (language version 1): the one description of the language.
// ajv validates the shape with it, schema/rules.schema.json is written from it for editors (a
// test keeps the two equal; regenerate with `UPDATE_GOLDEN=1 npx vitest run
// test/compiler/schema.test.ts`), and spec.ts reads the compiler's types off it, which is why
// every part is written `as const` (a helper's literal argument with `<const T>`). It checks
// shape only: which combinations make sense is meaning.ts's job, with better messages.
import { FRIENDLY_METRIC_NAMES, SEVERITIES } from './conventions.js';
import { DURATION_PATTERN } from './duration.js';
import { UNIT_NAMES } from './units.js';
import { SEVERITY_NAME_PATTERN } from './severities.js';

const duration = (description: string) =>
  ({ type: 'string', pattern: DURATION_PATTERN, description: `${description} (a Prometheus duration: 30s, 5m, 1h30m, 14d)` }) as const;
const labelName = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const labels = {
  type: 'object',
  description: 'labels added to every alert (label name → value)',
  propertyNames: { pattern: labelName },
  additionalProperties: { type: 'string' },
} as const;
const matcher = {
  description: 'an exact value, or { regex }, { not } or { not_regex }',
  oneOf: [
    { type: 'string' },
    { type: 'object', additionalProperties: false, required: ['regex'], properties: { regex: { type: 'string' } } },
    { type: 'object', additionalProperties: false, required: ['not'], properties: { not: { type: 'string' } } },
    { type: 'object', additionalProperties: false, required: ['not_regex'], properties: { not_regex: { type: 'string' } } },
  ],
} as const;
const selector = {
  type: 'object',
  description: 'label matchers that narrow what is watched, e.g. { job: vigil, mountpoint: "/" }',
  propertyNames: { pattern: labelName },
  additionalProperties: matcher,
} as const;
// anyOf keeps editor completion of the default names; a rule set may declare its own
// (`severities:`), which the meaning stage checks names against.
const severity = {
  anyOf: [{ enum: [...SEVERITIES] }, { type: 'string', pattern: SEVERITY_NAME_PATTERN }],
  description: "severity label of the alert: info, warning or critical, or one of the rule set's `severities`",
} as const;
const thresholdForms =
  'a number in the unit of the watched value, or a number with its unit: 2GiB, 500MB (bytes), 250ms, 2s, 1h (seconds), "5%" (fractions)';
const threshold = {
  description: thresholdForms,
  // Which suffixes fit depends on the unit: meaning.ts says so in words (units.ts).
  oneOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*-?[0-9]', description: thresholdForms }],
} as const;
const perLevel = <const V>(value: V, description: string) =>
  ({
    description: `${description}: one value, or one per severity ({ warning: ..., critical: ... })`,
    oneOf: [
      value,
      {
        type: 'object',
        minProperties: 1,
        properties: Object.fromEntries(SEVERITIES.map((s) => [s, value])),
        propertyNames: { pattern: SEVERITY_NAME_PATTERN },
        additionalProperties: value,
      },
    ],
  }) as const;
const pair = { type: 'array', items: threshold, minItems: 2, maxItems: 2 } as const;
const promql = (description: string) => ({ type: 'string', minLength: 1, description }) as const;
const byLabels = {
  type: 'array',
  items: { type: 'string', pattern: labelName },
  uniqueItems: true,
  description: 'labels to keep (sum by ...)',
} as const;

const alert = {
  type: 'object',
  additionalProperties: false,
  required: ['alert'],
  properties: {
    alert: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'alert name (CamelCase), the alertname label' },
    // anyOf keeps editor completion from the enum while the meaning stage reports an unknown
    // name with a "did you mean" hint instead of a 30-item list.
    metric: { anyOf: [{ enum: [...FRIENDLY_METRIC_NAMES] }, { type: 'string' }], description: 'a friendly metric from the catalog' },
    expr: promql('raw PromQL giving the watched value (or a full alert condition)'),
    ratio: {
      description: 'errors over total, NaN-safe when there is no traffic',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['metric', 'errors'],
          properties: {
            metric: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', description: 'a counter of all events' },
            errors: selector,
            by: byLabels,
            window: duration('rate window'),
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['errors', 'total'],
          properties: { errors: promql('PromQL of the error rate'), total: promql('PromQL of the total rate') },
        },
      ],
    },
    latency: {
      type: 'object',
      additionalProperties: false,
      required: ['histogram', 'quantile'],
      description: 'a percentile of a histogram (histogram_quantile over the rate of its buckets)',
      properties: {
        histogram: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', description: 'histogram name without _bucket' },
        quantile: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        window: duration('rate window'),
        by: byLabels,
      },
    },
    probe: {
      type: 'string',
      enum: ['failing', 'slow', 'cert_expiring'],
      description: 'probe shorthand; narrow with selector: { probe: NAME }',
    },
    absent: {
      description: 'fires when a metric has no series',
      oneOf: [
        { type: 'string', minLength: 1 },
        {
          type: 'object',
          additionalProperties: false,
          required: ['metric'],
          properties: {
            metric: { type: 'string', minLength: 1 },
            window: duration(
              "how long it must be missing before the alert fires (the whole wait: no `for` is added; default the alert's for, else 5m)",
            ),
          },
        },
      ],
    },
    stale: {
      type: 'object',
      additionalProperties: false,
      required: ['metric', 'older_than'],
      description:
        "fires when a gauge holding a Unix time in seconds (a job's last success, e.g. job_last_success_timestamp_seconds) is older than older_than, or has no series at all",
      properties: {
        metric: {
          type: 'string',
          minLength: 1,
          description: 'the metric name or selector, e.g. job_last_success_timestamp_seconds{job="backup"}',
        },
        older_than: duration('the age at which it fires: the whole wait, no `for` is added'),
      },
    },
    unit: {
      type: 'string',
      enum: [...UNIT_NAMES],
      description:
        'what `expr:` measures (bytes, seconds, percent 0-100, ratio 0-1), so thresholds may be written 2GiB, 250ms or "5%" and print in that unit',
    },
    target_down: { type: 'boolean', const: true, description: 'fires when Prometheus cannot scrape the target (up == 0)' },
    slo: {
      type: 'object',
      additionalProperties: false,
      required: ['objective'],
      description: 'a service level objective with multi-window, multi-burn-rate alerts',
      properties: {
        objective: {
          oneOf: [
            { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
            { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?%$' },
          ],
          description: 'target in percent, e.g. 99.9',
        },
        period: duration('the SLO period'),
        availability: {
          type: 'object',
          additionalProperties: false,
          required: ['metric', 'errors'],
          properties: { metric: { type: 'string' }, errors: selector },
        },
        latency: {
          type: 'object',
          additionalProperties: false,
          required: ['histogram', 'faster_than'],
          description: 'good requests are those in the bucket le = faster_than, however the client spells the number (1, 1.0, 1e+00)',
          properties: {
            histogram: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', description: 'histogram name without _bucket' },
            faster_than: {
              description:
                "the bucket boundary: a number in the histogram's unit (0.25), or a duration (250ms), converted to the unit the histogram's name ends with (_seconds, _milliseconds, _microseconds; seconds if it names none)",
              oneOf: [
                { type: 'number', exclusiveMinimum: 0 },
                { type: 'string', pattern: DURATION_PATTERN },
              ],
            },
            buckets: {
              type: 'array',
              items: { type: 'number', exclusiveMinimum: 0 },
              minItems: 1,
              uniqueItems: true,
              description:
                "the histogram's bucket boundaries, if you know them: a faster_than that is not one of them is flagged (lint.slo-bucket)",
            },
          },
        },
        events: {
          type: 'object',
          additionalProperties: false,
          required: ['errors', 'total'],
          properties: { errors: promql('error rate, with $window for the window'), total: promql('total rate, with $window') },
        },
        by: byLabels,
      },
    },
    above: perLevel(threshold, 'fires when the value is strictly above (exactly the threshold does not fire; see at_least)'),
    below: perLevel(threshold, 'fires when the value is strictly below (exactly the threshold does not fire; see at_most)'),
    at_least: perLevel(threshold, 'fires when the value is at or above (inclusive: exactly the threshold fires)'),
    at_most: perLevel(threshold, 'fires when the value is at or below (inclusive: exactly the threshold fires)'),
    clear_below: perLevel(
      threshold,
      'hysteresis for above/at_least: once firing, the alert clears only when the value drops below this (it stays firing at exactly this value)',
    ),
    clear_above: perLevel(
      threshold,
      'hysteresis for below/at_most: once firing, the alert clears only when the value rises above this (it stays firing at exactly this value)',
    ),
    equal: perLevel(threshold, 'fires when the value equals'),
    not_equal: perLevel(threshold, 'fires when the value differs from'),
    between: perLevel(pair, 'fires when the value is within [low, high]'),
    outside: perLevel(pair, 'fires when the value is outside [low, high]'),
    within: perLevel(duration('time left'), 'certificate expiring within'),
    over: {
      type: 'object',
      additionalProperties: false,
      required: ['window', 'using'],
      description: 'aggregate the value over a window before comparing',
      properties: {
        window: duration('aggregation window'),
        using: { type: 'string', enum: ['avg', 'min', 'max', 'last', 'quantile'] },
        quantile: { type: 'number', minimum: 0, maximum: 1 },
      },
    },
    trend: {
      type: 'object',
      additionalProperties: false,
      description: '"will be above/below X within H" (predict_linear) or "rising/falling faster than R per T"',
      properties: {
        above: threshold,
        below: threshold,
        within: duration('horizon'),
        lookback: duration('history the prediction fits'),
        rising_faster_than: threshold,
        falling_faster_than: threshold,
        per: duration('unit of time of the rate'),
        using: { type: 'string', enum: ['deriv', 'rate', 'increase'] },
      },
    },
    anomaly: {
      type: 'object',
      additionalProperties: false,
      required: ['baseline'],
      description: 'deviation from a baseline window that ends before the recent window (z-score)',
      properties: {
        baseline: duration('baseline window'),
        deviations: {
          type: 'number',
          exclusiveMinimum: 0,
          description: 'how many standard deviations (or robust spreads) away from the baseline fires (default 3)',
        },
        seasonality: {
          type: 'string',
          enum: ['daily', 'weekly'],
          description: 'compare with the baseline window centred on this time one day or one week earlier',
        },
        direction: { type: 'string', enum: ['up', 'down', 'both'] },
        method: {
          type: 'string',
          enum: ['mean', 'median'],
          description:
            'mean: mean and standard deviation (default); median: median and interquartile range / 1.349, which outliers in the baseline do not drag along',
        },
        recent: duration(
          'the latest stretch left out of a non-seasonal baseline, so a lasting change keeps alerting at least this long (default: as long as the baseline, at least `for`)',
        ),
      },
    },
    severity,
    for: duration(
      'how long the condition must hold before the alert fires, end to end: the rate window vigil adds to a friendly metric is taken out of it, and a scrape gap shorter than it holds the last value',
    ),
    cooldown: duration('minimum quiet time between repeats (keep_firing_for and repeat_interval)'),
    labels,
    selector,
    identify_by: {
      type: 'array',
      items: { type: 'string', pattern: labelName },
      uniqueItems: true,
      description:
        "labels that tell this alert's series apart, compared by the inhibition of its lower levels; needed when vigil cannot derive them from the PromQL (a metric it does not know); [] for an alert with one series",
    },
    muted_while_vigil_down: {
      type: 'boolean',
      description:
        "whether Alertmanager mutes this alert while VigilTargetDown fires for its instance (or its `vigil` label): derived from what it watches (vigil's metrics on job vigil or vigil-probes are muted); true for an alert vigil cannot tell reads vigil's data, false never. On a target_down alert: false stops it muting the others, true makes it mute them whatever its job",
    },
    escalate: {
      type: 'object',
      additionalProperties: false,
      required: ['after', 'severity'],
      description:
        'still firing after `after` → raised to `severity` (a rule of its own, labelled escalated_from), routed to `receiver` when given',
      properties: {
        after: duration('how long the alert must have fired'),
        severity: { ...severity, description: 'the severity it is raised to; above the level it raises' },
        receiver: {
          type: 'string',
          minLength: 1,
          description: 'receiver of the `notify` part the escalated alert goes to (else the routes by severity decide)',
        },
      },
    },
    summary: { type: 'string', description: 'one line; Prometheus templates allowed ({{ $labels.instance }}, {{ $value | humanize }})' },
    description: { type: 'string' },
    runbook_url: { type: 'string' },
    dashboard: { type: 'boolean', description: 'link the rule file dashboard (needs defaults.dashboard_url)' },
    examples: {
      type: 'array',
      description: 'your own promtool test cases',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['series', 'at', 'fires'],
        properties: {
          name: { type: 'string' },
          series: { type: 'object', additionalProperties: { type: 'string' }, description: 'series selector → promtool values ("1+1x10")' },
          at: duration('evaluation time'),
          interval: duration('time between the values of series (default 1m); rate-based friendly metrics need one value per scrape'),
          fires: { type: 'array', items: severity, uniqueItems: true, description: 'severities firing at `at`; [] for silent' },
          labels: { ...labels, description: 'labels of the firing alerts besides alertname, severity and rule labels' },
        },
      },
    },
  },
} as const;

const record = {
  type: 'object',
  additionalProperties: false,
  required: ['record', 'expr'],
  properties: {
    record: {
      type: 'string',
      pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
      description: 'name of the recorded series, by convention level:metric:operations (e.g. app:errors:rate5m)',
    },
    expr: promql('PromQL whose result is recorded under the name'),
    labels: { ...labels, description: 'labels added to the recorded series' },
    unit: alert.properties.unit,
    description: { type: 'string', description: 'what the value means, shown on the rule file dashboard' },
  },
} as const;

const defaults = {
  type: 'object',
  additionalProperties: false,
  properties: {
    severity,
    for: alert.properties.for,
    cooldown: alert.properties.cooldown,
    labels,
    selector,
    runbook_url: { type: 'string', description: '{alert} is replaced by the alert name' },
    dashboard_url: { type: 'string', pattern: '^https?://', description: "Grafana's base URL" },
  },
} as const;

const timing = {
  group_by: { type: 'array', items: { type: 'string' }, uniqueItems: true },
  group_wait: duration('wait before the first notification of a group'),
  group_interval: duration('wait before notifying about new alerts of a group'),
  repeat_interval: duration('wait before repeating a notification'),
} as const;
const oneOrMany = <const T>(item: T) => ({ oneOf: [item, { type: 'array', items: item, minItems: 1 }] }) as const;
const email = {
  type: 'object',
  additionalProperties: false,
  required: ['to', 'from', 'smarthost'],
  properties: {
    to: oneOrMany({ type: 'string', minLength: 3 }),
    from: { type: 'string' },
    smarthost: { type: 'string', pattern: '^[^\\s:]+:[0-9]+$', description: 'host:port' },
    require_tls: { type: 'boolean' },
    insecure_skip_verify: { type: 'boolean' },
    auth_username: { type: 'string' },
    auth_password_file: { type: 'string', description: 'file under prometheus/secrets/' },
    send_resolved: { type: 'boolean' },
  },
} as const;
const webhook = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: { type: 'string', pattern: '^https?://' },
    url_file: { type: 'string' },
    bearer_token_file: { type: 'string' },
    send_resolved: { type: 'boolean' },
    max_alerts: { type: 'integer', minimum: 0 },
  },
} as const;
const notify = {
  type: 'object',
  additionalProperties: false,
  required: ['default_receiver', 'receivers'],
  description: 'Alertmanager routing (compiled to prometheus/alertmanager.yml)',
  properties: {
    default_receiver: { type: 'string' },
    ...timing,
    receivers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, email: oneOrMany(email), webhook: oneOrMany(webhook) },
      },
    },
    routes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match', 'receiver'],
        properties: { match: selector, receiver: { type: 'string' }, continue: { type: 'boolean' }, ...timing },
      },
    },
  },
} as const;

export const rulesSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/vigil-monitoring/vigil/schema/rules.schema.json',
  title: 'vigil rule file',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'groups'],
  properties: {
    version: { const: 1, description: 'rule language version' },
    title: { type: 'string' },
    severities: {
      type: 'array',
      minItems: 2,
      uniqueItems: true,
      items: { type: 'string', pattern: SEVERITY_NAME_PATTERN },
      description:
        'the severities of the whole rule set, least severe first (default [info, warning, critical]); levels, inhibition, the default routing (most severe → oncall, next → team), the health status (most severe red, next yellow) and dashboards follow this order. Declared in one rule file.',
    },
    scrape_interval: duration('scrape interval the lints assume (default 15s)'),
    health: {
      description: 'record vigil:health:status per instance (0 green, 1 yellow, 2 red) from the firing alerts',
      oneOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, properties: { selector } }],
    },
    notify,
    groups: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          interval: duration('evaluation interval of the group'),
          defaults,
          records: {
            type: 'array',
            items: record,
            description:
              'recording rules of your own, evaluated before the alerts of the group; alerts may watch one with `metric: <record>`',
          },
          alerts: { type: 'array', items: alert },
        },
      },
    },
  },
} as const;
