// Stage 2: what the shape check cannot see. Names and durations that parse but are wrong,
// PromQL syntax, combinations of fields that mean nothing, and the lints. Every problem of a
// file is reported at once, each with its position and a hint.
import { checkAnomaly } from './judges/anomaly-check.js';
import { checkTrend } from './judges/trend-check.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { PathSegment } from '../yaml/source.js';
import { closest } from '../yaml/validate.js';
import { alertUnit } from './alert-unit.js';
import {
  CATALOG,
  DEFAULT_RECEIVERS,
  DEFAULT_SCRAPE_INTERVAL,
  SECRET_FILE_RULE,
  secretFileBase,
  FRIENDLY_METRIC_NAMES,
  promNumber,
  type Severity,
} from './conventions.js';
import { DEFAULT_SEVERITY_ORDER, topSeverities } from './severities.js';
import { parseDuration } from './duration.js';
import type { LoadedFile } from './load.js';
import { filters, plainSelector } from './promql.js';
import { checkRecords, indexRecords, watchingRecord, type RecordIndex } from './records.js';
import { Reporter } from './report.js';
import { checkLabels, checkPromql, forEachLevel } from './check-common.js';
import { checkIdentity } from './check-identity.js';
import { checkEscalation } from './check-escalation.js';
import { friendlyMetricOf, resolve, selectableLabels, type Resolved } from './resolve.js';
import { WATCH_KINDS, watchKeys, watchOf, type WatchKind } from './watch/index.js';
import {
  CONDITION_KEYS,
  WHAT_KEYS,
  type AlertSpec,
  type ConditionKey,
  type GroupSpec,
  type NotifySpecIn,
  type SelectorSpec,
} from './spec.js';
import { templateProblems, templateLabels } from './template.js';
import { readThreshold, scaleDoubt, toNumber } from './units.js';
import { checkExampleIntervals, checkHysteresis } from './meaning-time.js';

const DURATION_KEYS = new Set([
  'for',
  'cooldown',
  'interval',
  'window',
  'within',
  'lookback',
  'per',
  'baseline',
  'period',
  'at',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'scrape_interval',
  'after',
]);

export function checkMeaning(files: readonly LoadedFile[], order: readonly string[] = DEFAULT_SEVERITY_ORDER): Diagnostic[] {
  const out: Diagnostic[] = [];
  const firstAlert = new Map<string, { file: string; line: number }>();
  const records = indexRecords(files);
  let healthIn: string | undefined;
  let notifyIn: string | undefined;
  let severitiesIn: string | undefined;
  // Receivers that escalations may name; a notify part that failed the shape check offers none
  // of its own (its shape errors are reported) rather than crashing the check.
  const notify = files.find((f) => f.spec.notify && !f.faults?.within(['notify']))?.spec.notify;
  const receivers =
    notify && Array.isArray(notify.receivers)
      ? notify.receivers.flatMap((rc) => (rc && typeof rc.name === 'string' ? [rc.name] : []))
      : [...DEFAULT_RECEIVERS];
  for (const f of files) {
    const r = new Reporter(f.doc);
    // A file that failed the shape check is checked where it is well-formed (see faults.ts).
    const sound = (path: PathSegment[]) => !f.faults?.within(path);
    checkDurations(r, f.spec, [], sound);
    const scrapeMs = (sound(['scrape_interval']) ? parseDuration(f.spec.scrape_interval ?? DEFAULT_SCRAPE_INTERVAL) : undefined) ?? 15_000;
    if (f.spec.health && sound(['health'])) {
      if (healthIn)
        r.error(
          'rules.health-twice',
          ['health'],
          `the health recording rule is already defined in ${healthIn}`,
          'keep `health:` in one rule file',
        );
      healthIn ??= f.path;
    }
    if (f.spec.severities && sound(['severities'])) {
      if (severitiesIn)
        r.error(
          'rules.severities-twice',
          ['severities'],
          `the severities are already declared in ${severitiesIn}`,
          'declare `severities:` in one rule file; it applies to all of them',
        );
      severitiesIn ??= f.path;
    }
    if (f.spec.notify && sound(['notify'])) {
      if (notifyIn)
        r.error('rules.notify-twice', ['notify'], `notify is already defined in ${notifyIn}`, 'keep `notify:` in one rule file');
      notifyIn ??= f.path;
      checkNotify(r, f.spec.notify);
    }
    const groupNames = new Set<string>();
    checkableGroups(f).forEach(({ g, gi }) => {
      if (groupNames.has(g.name))
        r.error(
          'rules.duplicate-group',
          ['groups', gi, 'name'],
          `group "${g.name}" is defined twice in this file`,
          'Prometheus needs group names unique per file',
        );
      groupNames.add(g.name);
      checkLabels(r, g.defaults?.labels, ['groups', gi, 'defaults', 'labels']);
      checkSeverityName(r, g.defaults?.severity, ['groups', gi, 'defaults', 'severity'], order);
      g.alerts.forEach((a, ai) => {
        const path: PathSegment[] = ['groups', gi, 'alerts', ai];
        if (!sound(path)) return;
        const seen = firstAlert.get(a.alert);
        if (seen) {
          r.error(
            'rules.duplicate-alert',
            [...path, 'alert'],
            `alert "${a.alert}" is already defined at ${seen.file}:${seen.line}`,
            'alert names are unique across rules/: routing, inhibition and dashboards find alerts by name',
          );
        } else {
          firstAlert.set(a.alert, { file: f.path, line: f.doc.locate([...path, 'alert']).line });
        }
        checkAlert(r, f, g, a, path, scrapeMs, records, order);
        if (a.escalate) checkEscalation(r, a, path, severitiesOf(a, resolve(g, a, order).severity, order), receivers, order);
      });
    });
    checkRecords(r, f, records, scrapeMs);
    out.push(...r.diagnostics);
  }
  return out;
}

/**
 * The groups of a file the meaning checks can read: a mapping with a name and a list of
 * alerts, and defaults that passed the shape check (every alert of the group resolves them).
 */
function checkableGroups(f: LoadedFile): { g: GroupSpec; gi: number }[] {
  const groups = f.spec.groups as unknown;
  if (!Array.isArray(groups)) return [];
  const out: { g: GroupSpec; gi: number }[] = [];
  groups.forEach((g: unknown, gi) => {
    if (!g || typeof g !== 'object' || Array.isArray(g)) return;
    // A file with shape faults holds anything here (load.ts, readWhereSound): a group is
    // taken for one only once the checks below have seen its name and its list of alerts.
    const group = g as GroupSpec;
    if (typeof group.name !== 'string' || !Array.isArray(group.alerts)) return;
    if (f.faults?.within(['groups', gi, 'defaults']) || f.faults?.within(['groups', gi, 'interval'])) return;
    out.push({ g: group, gi });
  });
  return out;
}

function checkDurations(r: Reporter, v: unknown, path: PathSegment[], sound: (path: PathSegment[]) => boolean): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkDurations(r, x, [...path, i], sound));
    return;
  }
  if (!v || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string' && DURATION_KEYS.has(k) && /^[0-9]/.test(x) && parseDuration(x) === undefined) {
      // The shape check has already said this one is malformed.
      if (sound([...path, k]))
        r.error(
          'rules.duration',
          [...path, k],
          `"${x}" is not a Prometheus duration`,
          'units go from largest to smallest, each once: 1h30m, not 30m1h; at most about 292y',
        );
    } else if (k === 'within' && x && typeof x === 'object' && !Array.isArray(x)) {
      checkDurations(r, x, [...path, k], sound);
    } else if (k !== 'series') {
      checkDurations(r, x, [...path, k], sound);
    }
  }
}

function conditionKeys(a: AlertSpec): ConditionKey[] {
  return CONDITION_KEYS.filter((k) => a[k] !== undefined);
}

function checkAlert(
  r: Reporter,
  f: LoadedFile,
  g: GroupSpec,
  a: AlertSpec,
  path: PathSegment[],
  scrapeMs: number,
  records: RecordIndex,
  order: readonly string[],
): void {
  const errorsBefore = r.errors;
  const what = watchKeys(a);
  if (what.length === 0) {
    r.error(
      'rules.what-missing',
      [...path, 'alert'],
      `alert "${a.alert}" does not say what it watches`,
      `add one of: ${WHAT_KEYS.join(', ')}`,
    );
    return;
  }
  if (what.length > 1) {
    r.error(
      'rules.what-conflict',
      [...path, what[1]!],
      `alert "${a.alert}" watches both ${what[0]} and ${what[1]}`,
      'split it into two alerts',
      'key',
    );
    return;
  }
  const kind = what[0]!;
  const watch = WATCH_KINDS[kind];
  const res = resolve(g, a, order);
  const conds = conditionKeys(a);
  checkLabels(r, a.labels, [...path, 'labels']);
  checkSeverityName(r, a.severity, [...path, 'severity'], order);

  if (a.metric !== undefined && !CATALOG.has(a.metric) && !records.has(a.metric)) {
    const near = closest(a.metric, [...FRIENDLY_METRIC_NAMES, ...records.keys()]);
    r.error(
      'rules.unknown-metric',
      [...path, 'metric'],
      `unknown friendly metric "${a.metric}"`,
      near
        ? `did you mean "${near}"? (or write raw PromQL in \`expr\`)`
        : `known: ${FRIENDLY_METRIC_NAMES.join(', ')}, and the \`records:\` of rules/`,
    );
    return;
  }

  // Which judgements each kind takes.
  const modifiers = (['trend', 'anomaly'] as const).filter((k) => a[k] !== undefined);
  if (conds.length > 1)
    r.error(
      'rules.condition-conflict',
      [...path, conds[1]!],
      `alert "${a.alert}" has both ${conds[0]} and ${conds[1]}`,
      'use one comparison; for several severities give { warning: ..., critical: ... }',
      'key',
    );
  if (modifiers.length && conds.length)
    r.error(
      'rules.condition-conflict',
      [...path, conds[0]!],
      `${modifiers[0]} alerts carry their own comparison; remove ${conds[0]}`,
      undefined,
      'key',
    );
  if (modifiers.length > 1)
    r.error('rules.condition-conflict', [...path, 'anomaly'], 'an alert is a trend or an anomaly, not both', undefined, 'key');
  if (modifiers.length && !watch.modifiers)
    r.error(
      'rules.modifier-kind',
      [...path, modifiers[0]!],
      `${modifiers[0]} applies to ${watchedBy((w) => w.modifiers, true)}, not to ${kind}`,
      undefined,
      'key',
    );
  if (a.over && (modifiers.length || !watch.over))
    r.error(
      'rules.over-kind',
      [...path, 'over'],
      `\`over\` aggregates the value of a threshold alert on ${watchedBy((w) => w.over, false)}`,
      undefined,
      'key',
    );
  if (a.within !== undefined && !watch.within?.(a))
    r.error(
      'rules.within-kind',
      [...path, 'within'],
      '`within` belongs to `probe: cert_expiring`',
      'for other metrics use below/above',
      'key',
    );
  const condition = watch.condition(a);
  if (condition === 'required' && !conds.length && !modifiers.length) {
    r.error(
      'rules.condition-missing',
      [...path, 'alert'],
      `alert "${a.alert}" has no comparison`,
      'add above, below, at_least, at_most, equal, not_equal, between or outside (or trend / anomaly)',
    );
  }
  if (condition === 'forbidden' && conds.length)
    r.error(
      'rules.condition-kind',
      [...path, conds[0]!],
      `${kind === 'probe' ? `probe: ${a.probe}` : kind} alerts take no comparison`,
      undefined,
      'key',
    );

  // Selector labels must make sense for what is watched.
  const allowed = selectableLabels(a);
  if (a.selector && allowed) {
    for (const k of Object.keys(a.selector)) {
      if (allowed.includes(k)) continue;
      if (!allowed.length) {
        r.error(
          'rules.selector-on-expr',
          [...path, 'selector', k],
          'a selector cannot narrow raw PromQL',
          'write the matchers into the expression',
          'key',
        );
      } else {
        const near = closest(k, allowed);
        r.error(
          'rules.unknown-selector-label',
          [...path, 'selector', k],
          `${friendlyMetricOf(a)?.name ?? kind} has no label "${k}"`,
          near ? `did you mean "${near}"? labels: ${allowed.join(', ')}` : `labels: ${allowed.join(', ')}`,
          'key',
        );
      }
    }
  }

  // Thresholds, read in the unit of the watched value (units.ts).
  const u = alertUnit(a, (name) => records.get(name)?.spec.unit);
  const num = (v: number | string): number => {
    const x = readThreshold(v, u.unit, u.what, u.onExpr);
    return x.ok ? x.value : NaN;
  };
  if (a.unit !== undefined && a.expr === undefined) {
    r.error(
      'rules.unit-kind',
      [...path, 'unit'],
      '`unit` belongs to an alert on `expr:`',
      `${friendlyMetricOf(a)?.name ?? kind} knows its unit`,
      'key',
    );
  }
  let readable = true;
  for (const c of conds) {
    if (c === 'within') continue;
    forEachLevel(a[c], (value, sev, p) => {
      const nums = Array.isArray(value) ? value : [value];
      nums.forEach((n, i) => {
        const at = [...path, c, ...p, ...(Array.isArray(value) ? [i] : [])];
        const read = readThreshold(n, u.unit, u.what, u.onExpr);
        if (!read.ok) {
          readable = false;
          r.error(read.code, at, read.message, read.hint);
          return;
        }
        const doubt = scaleDoubt(n, u.unit, u.what);
        if (doubt)
          r.warn('lint.percent-scale', at, doubt, `for ${promNumber(Number(n) * 100)} percent write ${promNumber(Number(n) * 100)}`);
      });
      if (Array.isArray(value) && readable) {
        const [lo, hi] = value.map(num) as [number, number];
        if (!(lo < hi)) r.error('rules.range', [...path, c, ...p], `${c} needs [low, high] with low < high, got [${lo}, ${hi}]`);
      }
      if (sev) checkSeverityName(r, sev, [...path, c, ...p], order, 'key');
    });
    if (readable) checkLevelOrder(r, a, c, path, num, order);
  }

  checkHysteresis(r, a, path, u, order);
  checkExampleIntervals(r, a, path, scrapeMs);

  // Durations that must relate sensibly.
  if (a.cooldown !== undefined && parseDuration(a.cooldown) === 0)
    r.warn('lint.cooldown-zero', [...path, 'cooldown'], 'a cooldown of 0 does nothing');

  // Raw PromQL.
  if (a.expr !== undefined) {
    if (checkPromql(r, f, [...path, 'expr'], a.expr, scrapeMs)) {
      if (!conds.length && !modifiers.length) {
        if (!filters(a.expr)) {
          r.error(
            'lint.no-comparison',
            [...path, 'expr'],
            `alert "${a.alert}" has no comparison, so it fires for every series`,
            'add above/below/... or a comparison in the expression (e.g. `> 0`)',
          );
        }
        if (/\babsent(_over_time)?\s*\(/.test(a.expr) && res.forMs === 0) {
          r.error(
            'lint.absent-without-for',
            [...path, 'expr'],
            'absent() without `for` fires on the first missed scrape or restart',
            'add `for: 5m` (or use `absent:`, which sets a safe for)',
          );
        }
      }
    }
  }
  watch.check?.({
    r,
    f,
    a,
    path,
    scrapeMs,
    res,
    conds,
    checkPromql: (p, text, substituted) => checkPromql(r, f, p, text, scrapeMs, substituted),
  });
  if (a.trend) checkTrend(r, a, [...path, 'trend'], u);
  if (a.anomaly) checkAnomaly(r, g, a, [...path, 'anomaly'], scrapeMs, res.forMs);

  // Annotations.
  for (const key of ['summary', 'description'] as const) {
    const text = a[key];
    if (text === undefined) continue;
    for (const p of templateProblems(text))
      r.error('rules.template', [...path, key], p, 'Prometheus templates look like {{ $labels.instance }} or {{ $value | humanize }}');
    // A source is only asked of an alert the checks above let through.
    const kept = r.errors === errorsBefore ? keptLabelsFor(watchingRecord(a, records), res) : undefined;
    if (kept) {
      for (const l of templateLabels(text)) {
        if (!kept.includes(l))
          r.warn(
            'lint.template-label',
            [...path, key],
            `$labels.${l} is not a label of this alert's series (it has ${kept.join(', ')})`,
            'it would print "<no value>"',
          );
      }
    }
  }

  checkIdentity(r, watchingRecord(a, records), path, [
    ...severitiesOf(a, res.severity, order),
    ...(a.escalate ? [a.escalate.severity] : []),
  ]);
  checkExamples(r, a, path, res.severity, order);
}

/**
 * Labels the watched series keep, when vigil knows them: the answer the builder gets from the
 * kind's source, with the selector the defaults add, so the checker's lint and the compiled
 * alert cannot disagree.
 */
function keptLabelsFor(a: AlertSpec, res: Resolved): string[] | undefined {
  const kind = watchOf(a);
  if (!kind) return undefined;
  return kind.kept ? kind.kept(a) : kind.source?.(a, res.selector, res).kept;
}

/** "`metric` or `expr`": the watch kinds a rule applies to, for messages. */
function watchedBy(rule: (w: WatchKind) => boolean, quoted: boolean): string {
  const named = WHAT_KEYS.filter((k) => rule(WATCH_KINDS[k])).map((k) => (quoted ? `\`${k}\`` : k));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}` : named.join('');
}

function checkNotify(r: Reporter, n: NotifySpecIn): void {
  const names = new Map<string, number>();
  n.receivers.forEach((rc, i) => {
    if (names.has(rc.name))
      r.error('notify.duplicate-receiver', ['notify', 'receivers', i, 'name'], `receiver "${rc.name}" is defined twice`);
    names.set(rc.name, i);
    const emails = rc.email === undefined ? [] : Array.isArray(rc.email) ? rc.email : [rc.email];
    emails.forEach((e, j) => {
      checkSecretFile(r, e.auth_password_file, [
        'notify',
        'receivers',
        i,
        'email',
        ...(Array.isArray(rc.email) ? [j] : []),
        'auth_password_file',
      ]);
    });
    const hooks = rc.webhook === undefined ? [] : Array.isArray(rc.webhook) ? rc.webhook : [rc.webhook];
    hooks.forEach((h, j) => {
      const p: PathSegment[] = ['notify', 'receivers', i, 'webhook', ...(Array.isArray(rc.webhook) ? [j] : [])];
      checkSecretFile(r, h.url_file, [...p, 'url_file']);
      checkSecretFile(r, h.bearer_token_file, [...p, 'bearer_token_file']);
      if ((h.url === undefined) === (h.url_file === undefined))
        r.error('notify.webhook-url', p, 'a webhook needs exactly one of url or url_file');
      if (h.url) {
        let u: URL | undefined;
        try {
          u = new URL(h.url);
        } catch {
          r.error('notify.webhook-url', [...p, 'url'], `"${h.url}" is not a URL`);
        }
        if (u && (u.username || u.password || u.search)) {
          r.error(
            'notify.inline-secret',
            [...p, 'url'],
            'the webhook URL carries credentials or a query string',
            'put the whole URL in a file under prometheus/secrets/ and use url_file, or a token in bearer_token_file',
          );
        }
      }
    });
  });
  const known = [...names.keys()];
  const check = (name: string, path: PathSegment[]) => {
    if (!names.has(name)) {
      const near = closest(name, known);
      r.error(
        'notify.unknown-receiver',
        path,
        `receiver "${name}" is not defined`,
        near ? `did you mean "${near}"?` : `defined: ${known.join(', ')}`,
      );
    }
  };
  check(n.default_receiver, ['notify', 'default_receiver']);
  (n.routes ?? []).forEach((rt, i) => {
    check(rt.receiver, ['notify', 'routes', i, 'receiver']);
    for (const [k, m] of Object.entries(rt.match)) {
      if (typeof m === 'object' && !('regex' in m))
        r.error(
          'notify.matcher',
          ['notify', 'routes', i, 'match', k],
          'routes match an exact value or { regex }',
          'negative matchers are not supported in routes',
          'key',
        );
    }
    if (!Object.keys(rt.match).length)
      r.error(
        'notify.empty-match',
        ['notify', 'routes', i, 'match'],
        'a route needs at least one matcher',
        'e.g. match: { severity: critical }',
      );
  });
}

/** A secret file name as the Alertmanager emitter accepts it (conventions.ts), at the field. */
function checkSecretFile(r: Reporter, name: string | undefined, path: PathSegment[]): void {
  if (name !== undefined && secretFileBase(name) === undefined)
    r.error(SECRET_FILE_RULE.code, path, SECRET_FILE_RULE.message(name), SECRET_FILE_RULE.hint);
}

function checkExamples(r: Reporter, a: AlertSpec, path: PathSegment[], defaultSeverity: Severity, order: readonly string[]): void {
  const severities = new Set<string>(severitiesOf(a, defaultSeverity, order));
  (a.examples ?? []).forEach((ex, i) => {
    const p: PathSegment[] = [...path, 'examples', i];
    for (const s of Object.keys(ex.series)) {
      if (!plainSelector(s))
        r.error(
          'rules.example-series',
          [...p, 'series', s],
          `"${s}" is not a series selector`,
          'e.g. node_load1{instance="web1", job="vigil"}',
          'key',
        );
    }
    ex.fires.forEach((s, j) => {
      if (!severities.has(s))
        r.error(
          'rules.example-severity',
          [...p, 'fires', j],
          `alert "${a.alert}" has no ${s} level`,
          `its levels: ${[...severities].join(', ')}`,
        );
    });
  });
}

/** The severities an alert's rules carry. */
export function severitiesOf(a: AlertSpec, fallback: Severity, order: readonly string[] = DEFAULT_SEVERITY_ORDER): Severity[] {
  if (a.slo) {
    const t = topSeverities(order);
    return [t.page, t.ticket];
  }
  const c = conditionKeys(a)[0];
  const v = c ? a[c] : undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) return order.filter((s) => Object.hasOwn(v, s));
  return [a.severity ?? fallback];
}

function checkLevelOrder(
  r: Reporter,
  a: AlertSpec,
  c: ConditionKey,
  path: PathSegment[],
  num: (v: number | string) => number,
  order: readonly string[],
): void {
  const v = a[c];
  if (!v || typeof v !== 'object' || Array.isArray(v) || !['above', 'below', 'at_least', 'at_most', 'within'].includes(c)) return;
  const rising = c === 'above' || c === 'at_least';
  const levels = order
    .filter((s) => Object.hasOwn(v, s))
    .map((s) => ({ s, n: (c === 'within' ? toNumber : num)((v as Record<string, number | string>)[s]!) }));
  for (let i = 1; i < levels.length; i++) {
    const lower = levels[i - 1]!;
    const higher = levels[i]!;
    const ok = rising ? higher.n > lower.n : higher.n < lower.n;
    if (!ok) {
      r.error(
        'rules.level-order',
        [...path, c, higher.s],
        `${higher.s} (${higher.n}) should be ${rising ? 'above' : 'below'} ${lower.s} (${lower.n})`,
        'a more severe level is the stronger condition; otherwise it would fire first',
      );
    }
  }
}

/** A severity name must be one of the rule set's. */
function checkSeverityName(
  r: Reporter,
  severity: string | undefined,
  path: PathSegment[],
  order: readonly string[],
  which: 'value' | 'key' = 'value',
): void {
  if (severity === undefined || order.includes(severity)) return;
  const near = closest(severity, order);
  r.error(
    'rules.severity',
    path,
    `unknown severity "${severity}"`,
    `${near ? `did you mean "${near}"? ` : ''}the rule set's severities, least severe first: ${order.join(', ')}${order === DEFAULT_SEVERITY_ORDER ? ' (declare your own with `severities:`)' : ''}`,
    which,
  );
}

export type { SelectorSpec };
