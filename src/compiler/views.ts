// Part of the orchestrator (with pipeline.ts and stack.ts): the model mapped onto the input
// types of the dashboard and Alertmanager emitters, per rule file: every alert with the value
// it watches, its levels, labels, cooldown and kept labels, and the `notify` routing in the
// Alertmanager emitter's own types (alertmanager/types.ts), so no shape is declared twice.
import { HEALTH_METRIC, type Severity } from './conventions.js';
import type { AlertModel, Condition, RuleFileModel } from './model.js';
import type {
  AlertSpec as AmAlert,
  EmailTarget,
  Matchers,
  NotifySpec,
  NotifyTarget,
  RouteSpec,
  WebhookTarget,
} from '../alertmanager/types.js';
import type { EmailSpec, MatcherSpec, NotifySpecIn, WebhookSpec } from './spec.js';

export interface AlertView {
  name: string;
  kind: string;
  file: string;
  group: string;
  description?: string;
  unit?: string;
  /** PromQL of the watched value, without the comparison. */
  expr: string;
  /** The friendly metric of the catalog the alert watches, if it names one. */
  metric?: string;
  legend?: string;
  /** One entry per condition set of a rule (an "outside" rule gives two with its severity). */
  levels: { severity: Severity; when: Condition[] }[];
  /** Each level's full rule expression, in level order. */
  ruleExprs: { severity: Severity; expr: string; for: number }[];
  severities: Severity[];
  labels: Record<string, string>;
  cooldown?: string;
  keptLabels?: string[];
  trend?: NonNullable<AlertModel['trend']>;
  anomaly?: NonNullable<AlertModel['anomaly']>;
  slo?: NonNullable<AlertModel['slo']>;
  /** The rule set's severities, least severe first. */
  severityOrder?: readonly string[];
}

export interface RuleFileView {
  file: string;
  title?: string;
  alerts: AlertView[];
  /** The file's own recording rules (`records:`). */
  records: { record: string; unit?: string; description?: string }[];
}

export function alertView(file: string, a: AlertModel, order?: readonly string[]): AlertView {
  const v: AlertView = {
    name: a.name,
    kind: a.kind,
    file,
    group: a.group,
    expr: a.watched.expr,
    levels:
      a.kind === 'slo' || a.kind === 'anomaly' ? [] : a.levels.flatMap((l) => l.when.map((set) => ({ severity: l.severity, when: set }))),
    ruleExprs: a.levels.map((l) => ({ severity: l.severity, expr: l.expr, for: l.forMs })),
    severities: [...new Set(a.levels.map((l) => l.severity))],
    labels: a.labels,
  };
  const first = a.levels[0];
  if (first) v.description = first.description;
  if (a.watched.unit) v.unit = a.watched.unit;
  if (a.watched.metric) v.metric = a.watched.metric;
  if (a.watched.legend) v.legend = a.watched.legend;
  if (a.cooldown) v.cooldown = a.cooldown;
  if (a.keptLabels) v.keptLabels = a.keptLabels;
  if (a.trend) v.trend = a.trend;
  if (a.anomaly) v.anomaly = a.anomaly;
  if (a.slo) v.slo = a.slo;
  if (order) v.severityOrder = order;
  return v;
}

/** Per rule file, its alerts with expressions, levels and labels (for dashboards). */
export function ruleFileViews(models: readonly RuleFileModel[]): RuleFileView[] {
  return models.map((m) => {
    const view: RuleFileView = {
      file: m.source,
      alerts: m.groups.flatMap((g) => g.alerts.map((a) => alertView(m.source, a, m.severities))),
      records: m.groups.flatMap((g) =>
        g.records.map((r) => {
          const out: RuleFileView['records'][number] = { record: r.record };
          if (r.unit) out.unit = r.unit;
          if (r.description) out.description = r.description;
          return out;
        }),
      ),
    };
    if (m.title) view.title = m.title;
    return view;
  });
}

export function healthMetric(models: readonly RuleFileModel[]): string | undefined {
  return models.find((m) => m.health)?.health?.metric ?? (models.length ? HEALTH_METRIC : undefined);
}

// ---- Alertmanager: its emitter's own input types (alertmanager/types.ts), filled from the model.
export interface AlertmanagerView {
  notify?: NotifySpec;
  alerts: AmAlert[];
}

export function alertmanagerView(models: readonly RuleFileModel[]): AlertmanagerView {
  const alerts = models.flatMap((m) =>
    m.groups.flatMap((g) =>
      g.alerts.map((a) => {
        const severities = [...new Set([...a.levels.map((l) => l.severity), ...(a.escalation ? [a.escalation.severity] : [])])];
        const out: AmAlert = { name: a.name, severities, labels: a.labels };
        if (a.cooldown) out.cooldown = a.cooldown;
        if (a.identity) out.identity = a.identity;
        if (a.vigilScrape) out.vigilScrape = a.vigilScrape;
        if (a.escalation) {
          out.escalation = { from: a.escalation.from, severity: a.escalation.severity };
          if (a.escalation.receiver) out.escalation.receiver = a.escalation.receiver;
        }
        return out;
      }),
    ),
  );
  const spec = models.find((m) => m.notify)?.notify;
  return spec ? { notify: notifyView(spec), alerts } : { alerts };
}

function timing<T extends object>(
  into: T,
  s: { group_by?: string[]; group_wait?: string; group_interval?: string; repeat_interval?: string },
): T {
  const t = into as T & { groupBy?: string[]; groupWait?: string; groupInterval?: string; repeatInterval?: string };
  if (s.group_by) t.groupBy = s.group_by;
  if (s.group_wait) t.groupWait = s.group_wait;
  if (s.group_interval) t.groupInterval = s.group_interval;
  if (s.repeat_interval) t.repeatInterval = s.repeat_interval;
  return t;
}

export function notifyView(n: NotifySpecIn): NotifySpec {
  const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  return timing(
    {
      defaultReceiver: n.default_receiver,
      receivers: n.receivers.map((r) => ({
        name: r.name,
        targets: [...list<EmailSpec>(r.email).map(emailTarget), ...list<WebhookSpec>(r.webhook).map(webhookTarget)],
      })),
      routes: (n.routes ?? []).map((r) => {
        const route: RouteSpec = { receiver: r.receiver, matchers: matchersOf(r.match) };
        if (r.continue) route.continue = true;
        return timing(route, r);
      }),
    } as NotifySpec,
    n,
  );
}

function emailTarget(e: EmailSpec): NotifyTarget {
  const t: EmailTarget = {
    kind: 'email',
    to: Array.isArray(e.to) ? e.to : [e.to],
    from: e.from,
    smarthost: e.smarthost,
    requireTls: e.require_tls ?? true,
    sendResolved: e.send_resolved ?? true,
  };
  if (e.insecure_skip_verify) t.insecureSkipVerify = true;
  if (e.auth_username) t.authUsername = e.auth_username;
  if (e.auth_password_file) t.authPasswordFile = e.auth_password_file;
  return t;
}

function webhookTarget(w: WebhookSpec): NotifyTarget {
  const t: WebhookTarget = { kind: 'webhook', sendResolved: w.send_resolved ?? true };
  if (w.url) t.url = w.url;
  if (w.url_file) t.urlFile = w.url_file;
  if (w.bearer_token_file) t.bearerTokenFile = w.bearer_token_file;
  if (w.max_alerts !== undefined) t.maxAlerts = w.max_alerts;
  return t;
}

function matchersOf(sel: Record<string, MatcherSpec>): Matchers {
  const out: Matchers = {};
  for (const [k, m] of Object.entries(sel)) {
    if (typeof m === 'string') out[k] = m;
    else if ('regex' in m) out[k] = { regex: m.regex };
    // Negative matchers have no equivalent in the Alertmanager emitter's shape yet.
  }
  return out;
}
