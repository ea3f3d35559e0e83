// What the Alertmanager emitter needs to know, and nothing more: the receivers and routes of
// the rules' `notify` part, and for every alert its name, severities, static labels and
// cooldown. src/compiler/views.ts maps the compiler's model onto these shapes, so the emitter
// itself does not change when the rule language grows.

export interface EmailTarget {
  kind: 'email';
  to: string[];
  from: string;
  /** host:port of the SMTP server. */
  smarthost: string;
  /** STARTTLS required (Alertmanager's require_tls); true unless said otherwise. */
  requireTls: boolean;
  /** Skip certificate verification of the smarthost (a lab mail catcher). */
  insecureSkipVerify?: boolean;
  authUsername?: string;
  /** A file name under the secrets directory holding the SMTP password. */
  authPasswordFile?: string;
  sendResolved: boolean;
}

export interface WebhookTarget {
  kind: 'webhook';
  /** A URL without secrets (no userinfo, no query): the only inline form accepted. */
  url?: string;
  /** A file name under the secrets directory holding the whole URL (Alertmanager ≥ 0.26). */
  urlFile?: string;
  /** A file name under the secrets directory holding a bearer token (any Alertmanager). */
  bearerTokenFile?: string;
  sendResolved: boolean;
  maxAlerts?: number;
}

export type NotifyTarget = EmailTarget | WebhookTarget;

export interface ReceiverSpec {
  name: string;
  targets: NotifyTarget[];
}

/** Label matchers: an exact value, or `{ regex }` for `=~`. */
export type Matchers = Record<string, string | { regex: string }>;

export interface Timing {
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

export interface RouteSpec extends Timing {
  receiver: string;
  matchers: Matchers;
  /** Keep matching later routes after this one (notify several receivers). */
  continue?: boolean;
}

export interface NotifySpec extends Timing {
  /** Where an alert goes when no route matches. */
  defaultReceiver: string;
  receivers: ReceiverSpec[];
  routes: RouteSpec[];
}

export interface AlertSpec {
  /** The `alertname` label. */
  name: string;
  /** The severity of each level of the alert, e.g. ['warning', 'critical']. */
  severities: string[];
  /** Labels every level of this alert carries, fixed at compile time (team, service, ...). */
  labels: Record<string, string>;
  /** Minimum quiet time between repeats; becomes the repeat_interval of its notifications. */
  cooldown?: string;
  /**
   * Labels that tell the alert's series apart (e.g. ['instance', 'mountpoint']; [] for an alert
   * with one series). Inhibition compares these plus alertname. undefined means "not known":
   * then the alert gets no inhibition at all, since comparing alertname alone would let the
   * critical of one series silence the warning of every other.
   */
  identity?: string[];
  /**
   * A lower level raised to a higher severity once it has fired long enough (a rule of its
   * own, labelled escalated_from=<from>). With a receiver, a route of its own sends it there.
   */
  escalation?: { from: string; severity: string; receiver?: string };
  /**
   * 'down': the alert says a vigil cannot be scraped; 'depends': its data is scraped from vigil,
   * so it is muted while that vigil's 'down' alert fires (target-down.ts). Absent: neither.
   */
  vigilScrape?: 'down' | 'depends';
}

export interface AlertmanagerInput {
  notify: NotifySpec;
  alerts: AlertSpec[];
  /** The rule set's severities, least severe first (the default order unless it declares its own). */
  severities?: readonly string[];
}

export interface AlertmanagerOptions {
  /** Where Alertmanager finds the files of prometheus/secrets/ (docker-compose mounts it here). */
  secretsDir?: string;
  /** Source files named in the generated-file header. */
  sources?: string[];
}

export const DEFAULT_SECRETS_DIR = '/etc/alertmanager/secrets';
