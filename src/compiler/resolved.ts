// An alert with its group's defaults merged in (resolve.ts makes it): the settings every
// watch kind and judge reads.
import type { FriendlyMetric, Severity } from './conventions.js';
import type { SelectorSpec } from './spec.js';

export interface Resolved {
  severity: Severity;
  /** The rule set's severities, least severe first. */
  order: readonly string[];
  forMs: number;
  forExplicit: boolean;
  cooldown?: string;
  labels: Record<string, string>;
  /** Matchers that apply to what this alert watches (defaults that make no sense for it dropped). */
  selector: SelectorSpec;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** The friendly metric watched (for `metric:` and probe shorthands). */
  metric?: FriendlyMetric;
}
