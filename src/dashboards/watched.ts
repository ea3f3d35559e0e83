// What a rule-file dashboard needs of each alert: the value it watches and the levels it
// compares that value with. src/compiler/views.ts fills these from the compiler's model (and
// stack.ts hands them over), so the thresholds drawn are the numbers the alerting rules use.
import { compare } from '../compiler/conditions.js';
import type { AnomalyModel, Condition, SloModel, TrendModel } from '../compiler/model.js';
import { DEFAULT_SEVERITY_ORDER } from '../compiler/severities.js';

export type { Condition } from '../compiler/model.js';

export interface Level {
  severity: string;
  /** All must hold (a "between 10 and 20" level has two). */
  when: Condition[];
}

export interface WatchedAlert {
  name: string;
  /** Alert kind as the rule file says it (threshold, trend, anomaly, absence, slo, ...). */
  kind: string;
  description?: string;
  /** Grafana unit id (percent, bytes, s, ...). */
  unit?: string;
  /** PromQL of the watched value, without the comparison. */
  expr: string;
  /** Legend of the watched series. */
  legend?: string;
  levels: Level[];
  /** Trend alerts: the projection drawn dashed beside the value. */
  trend?: TrendModel;
  /** Anomaly alerts: the baseline band. */
  anomaly?: AnomalyModel;
  /** SLO alerts: the error budget left and the burn rate of each window. */
  slo?: SloModel;
  /** The rule set's severities, least severe first, when it declares its own. */
  severityOrder?: readonly string[];
}

/** A recording rule the rule file defines (`records:`): a panel of its value. */
export interface RecordedSeries {
  record: string;
  unit?: string;
  description?: string;
}

export interface RuleFileDashboard {
  /** Path of the rule file (rules/host.yaml): names the dashboard and its uid. */
  file: string;
  title?: string;
  alerts: WatchedAlert[];
  records?: RecordedSeries[];
}

/**
 * The levels of the host alerts on the friendly metrics the host overview's stat tiles show
 * (the first plain threshold alert on each, stack.ts), so a tile changes colour at the numbers
 * that alert compares; its PromQL is the catalog's expression of the same metric.
 */
export interface HostLevels {
  cpu_usage_percent: Level[];
  memory_usage_percent: Level[];
  disk_usage_percent: Level[];
}

/** What the tiles show when no rule file has a plain threshold alert on these metrics: common limits, not any rule file's. */
export const DEFAULT_HOST_LEVELS: HostLevels = {
  cpu_usage_percent: [
    { severity: 'warning', when: [{ op: '>', value: 80 }] },
    { severity: 'critical', when: [{ op: '>', value: 95 }] },
  ],
  memory_usage_percent: [
    { severity: 'warning', when: [{ op: '>', value: 85 }] },
    { severity: 'critical', when: [{ op: '>', value: 95 }] },
  ],
  disk_usage_percent: [
    { severity: 'warning', when: [{ op: '>', value: 80 }] },
    { severity: 'critical', when: [{ op: '>', value: 90 }] },
  ],
};

/** The default severities, least severe first. */
export const DEFAULT_ORDER: readonly string[] = DEFAULT_SEVERITY_ORDER;

/**
 * The colour of a severity by its place in the rule set's order: the most severe red, the next
 * orange, the least severe of three or more blue, any between yellow. The default order gives
 * critical red, warning orange, info blue.
 */
export function severityColor(severity: string, order: readonly string[] = DEFAULT_ORDER): string {
  const i = order.indexOf(severity);
  if (i < 0) return 'purple';
  const fromTop = order.length - 1 - i;
  if (fromTop === 0) return 'red';
  if (fromTop === 1) return 'orange';
  return i === 0 ? 'blue' : 'yellow';
}

/**
 * Grafana threshold steps that colour each range of the value by the highest level alerting
 * there: green where none does. Works for above, below, between and outside alike.
 */
export function levelSteps(levels: readonly Level[], order: readonly string[] = DEFAULT_ORDER): { value: number | null; color: string }[] {
  const bounds = [...new Set(levels.flatMap((l) => l.when.map((c) => c.value)))].filter(Number.isFinite).sort((a, b) => a - b);
  const colorAt = (x: number): string => {
    let best = -1;
    let color = 'green';
    for (const l of levels) {
      const r = order.indexOf(l.severity);
      if (l.when.length && l.when.every((c) => compare(x, c)) && r >= best) {
        best = r;
        color = severityColor(l.severity, order);
      }
    }
    return color;
  };
  if (!bounds.length) return [{ value: null, color: 'green' }];
  const steps: { value: number | null; color: string }[] = [{ value: null, color: colorAt(bounds[0]! - 1) }];
  bounds.forEach((b, i) => {
    const next = bounds[i + 1];
    // A step colours [b, next): judge it inside that range, so > and >= draw alike.
    const inside = next === undefined ? b + Math.max(1, Math.abs(b)) : (b + next) / 2;
    steps.push({ value: b, color: colorAt(inside) });
  });
  return steps.filter((s, i) => i === 0 || s.color !== steps[i - 1]!.color);
}
