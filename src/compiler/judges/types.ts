// What each judge's builder gets (KindInput) and hands back (Built) to build.ts, which adds names,
// labels, annotations and the `for` of each level.
import type { Severity } from '../conventions.js';
import type { AlertKind, AlertModel, RecordModel, Scenario } from '../model.js';
import type { Resolved } from '../resolved.js';
import type { AlertSpec, GroupSpec } from '../spec.js';
import type { LevelSpec } from './common.js';

export interface KindInput {
  a: AlertSpec;
  res: Resolved;
  group: GroupSpec;
  /** The rule file's scrape interval (rate windows and gap bridging follow it). */
  scrapeMs?: number;
}

export interface BuiltLevel extends LevelSpec {
  expr: string;
  forMs?: number;
  summary: string;
  description: string;
  /** How long after the condition becomes true it fires, in words (`vigil check`). */
  detection?: string;
}

export interface Built {
  kind: AlertKind;
  watched: AlertModel['watched'];
  levels: BuiltLevel[];
  keptLabels?: string[];
  records?: RecordModel[];
  scenarios?: Scenario[];
  noTestReason?: string;
  trend?: AlertModel['trend'];
  anomaly?: AlertModel['anomaly'];
  slo?: AlertModel['slo'];
}
export type SeverityOf = Severity;
