// Stage 3: validated spec → model. Merges defaults, hands each alert to its judge (judges/),
// which reads the watched value from its watch kind (watch/), and adds what every alert has:
// labels, annotations, `for`, cooldown, examples.
import { ABSENCE_MIN_FOR, HEALTH_SCORE_METRIC, ruleDashboardUid } from './conventions.js';
import { parseDuration } from './duration.js';
import { buildHealth } from './judges/health.js';
import { healthScoreExpr } from './judges/health-score.js';
import { judgeOf } from './judges/index.js';
import { watchOf } from './watch/index.js';
import { detection } from './detection.js';
import { scrapeMsOf } from './timing.js';
import type { LoadedFile } from './load.js';
import type { AlertModel, ExampleModel, GroupModel, RuleFileModel } from './model.js';
import { recordModel, watchingRecord, type RecordIndex } from './records.js';
import { resolve } from './resolve.js';
import { alertIdentity } from './alert-identity.js';
import { buildEscalation } from './escalation.js';
import { vigilScrapeOf } from './vigil-scrape.js';
import { DEFAULT_SEVERITY_ORDER, topSeverities } from './severities.js';
import type { AlertSpec, GroupSpec } from './spec.js';

/** `records` holds the recording rules of every rule file, which alerts may watch by name. */
export function buildFile(
  f: LoadedFile,
  records: RecordIndex = new Map(),
  order: readonly string[] = DEFAULT_SEVERITY_ORDER,
): RuleFileModel {
  const model: RuleFileModel = {
    source: f.path,
    name: f.name,
    groups: f.spec.groups.map((g) => buildGroup(f, g, records, order)),
    severities: order,
  };
  if (f.spec.title) model.title = f.spec.title;
  const health = buildHealth(f.spec.health, order);
  if (health) {
    const sel = typeof f.spec.health === 'object' ? (f.spec.health.selector ?? {}) : {};
    // The score's bands are the status's two named levels, the lesser first.
    const named = topSeverities(order);
    health.score = { metric: HEALTH_SCORE_METRIC, expr: healthScoreExpr([named.ticket, named.page], sel) };
    model.health = health;
  }
  if (f.spec.notify) model.notify = f.spec.notify;
  return model;
}

function buildGroup(f: LoadedFile, g: GroupSpec, records: RecordIndex, order: readonly string[]): GroupModel {
  const out: GroupModel = {
    name: g.name,
    records: (g.records ?? []).map(recordModel),
    alerts: g.alerts.map((a) => buildAlert(f, g, watchingRecord(a, records), order)),
  };
  if (g.interval) out.interval = g.interval;
  return out;
}

export function buildAlert(f: LoadedFile, g: GroupSpec, a: AlertSpec, order: readonly string[] = DEFAULT_SEVERITY_ORDER): AlertModel {
  const res = resolve(g, a, order);
  const built = judgeOf(a).build({ a, res, group: g, scrapeMs: scrapeMsOf(f.spec) });
  let forMs = res.forMs;
  // Absence alerts fire on the first missed scrape or restart unless they wait.
  if (built.kind === 'absence' && !res.forExplicit) forMs = Math.max(forMs, parseDuration(ABSENCE_MIN_FOR)!);
  // absent: waits in its absent_over_time window, which is the whole wait (timing.ts).
  if (watchOf(a)?.absence) forMs = 0;

  const annotations: Record<string, string> = {};
  if (res.runbookUrl) annotations['runbook_url'] = res.runbookUrl;
  if (res.dashboardUrl) {
    const instance = built.keptLabels?.includes('instance') ? '?var-instance={{ $labels.instance }}' : '';
    annotations['dashboard'] = `${res.dashboardUrl}/d/${ruleDashboardUid(f.path)}${instance}`;
  }
  const model: AlertModel = {
    name: a.alert,
    kind: built.kind,
    group: g.name,
    watched: built.watched,
    levels: built.levels.map((l) => ({
      severity: l.severity,
      when: l.when,
      expr: l.expr,
      forMs: l.forMs ?? forMs,
      summary: a.summary ?? l.summary,
      description: a.description ?? l.description,
      detection: l.detection ?? detection({ a, waitMs: l.forMs ?? forMs, ruleForMs: l.forMs ?? forMs, condition: 'its condition holds' }),
    })),
    labels: res.labels,
    annotations,
    records: built.records ?? [],
    examples: (a.examples ?? []).map((ex, i): ExampleModel => ({
      name: ex.name ?? `example ${i + 1}`,
      series: Object.entries(ex.series).map(([series, values]) => ({ series, values })),
      atMs: parseDuration(ex.at)!,
      ...(ex.interval ? { interval: ex.interval } : {}),
      fires: ex.fires,
      labels: ex.labels ?? {},
    })),
  };
  if (res.cooldown) model.cooldown = res.cooldown;
  if (built.keptLabels) model.keptLabels = built.keptLabels;
  const known = a.escalate && !built.keptLabels ? alertIdentity(a) : undefined;
  const escalation = buildEscalation(a, model.levels, order, built.keptLabels ?? (known && 'labels' in known ? known.labels : undefined));
  if (escalation) model.escalation = escalation;
  // Only alerts with several severities need it (their inhibition compares it).
  if (new Set([...model.levels.map((l) => l.severity), ...(escalation ? [escalation.severity] : [])]).size > 1) {
    const identity = alertIdentity(a);
    if ('labels' in identity) model.identity = identity.labels;
  }
  const scrape = vigilScrapeOf(a, res.selector);
  if (scrape) model.vigilScrape = scrape;
  if (built.trend) model.trend = built.trend;
  if (built.anomaly) model.anomaly = built.anomaly;
  if (built.slo) model.slo = built.slo;
  if (built.scenarios) model.scenarios = built.scenarios;
  if (built.noTestReason) model.noTestReason = built.noTestReason;
  return model;
}
