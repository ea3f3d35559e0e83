// The rule engines `vigil compile --target` writes for, and what each one's rule format
// accepts of what vigil emits (docs/engines.md has the sources). Every engine reads the
// Prometheus rule-file format; they differ in whether an alerting rule may carry
// keep_firing_for, which vigil's `cooldown` becomes.

export const TARGETS = ['prometheus', 'vmalert', 'thanos', 'mimir'] as const;
export type Target = (typeof TARGETS)[number];
export const DEFAULT_TARGET: Target = 'prometheus';

export interface TargetInfo {
  /** As the header of a generated file names it. */
  engine: string;
  /**
   * The engine loads keep_firing_for (from the version given); when false, cooldown is
   * written into the expression instead (cooldown-expr.ts).
   */
  keepFiringFor: boolean;
  /** The oldest release that loads and honours keep_firing_for, for the file header. */
  keepFiringSince?: string;
}

export const TARGET_INFO: Record<Target, TargetInfo> = {
  prometheus: { engine: 'Prometheus', keepFiringFor: true, keepFiringSince: 'Prometheus 2.42' },
  // 1.79 (Debian 12's victoria-metrics) refuses the field; vmalert has it from 1.92.0, but
  // the rewrite loads in both, so one output serves every vmalert.
  vmalert: { engine: 'vmalert (VictoriaMetrics)', keepFiringFor: false },
  thanos: { engine: 'Thanos Ruler', keepFiringFor: true, keepFiringSince: 'Thanos v0.31.0' },
  mimir: { engine: 'Grafana Mimir ruler', keepFiringFor: true, keepFiringSince: 'Mimir 2.7.0' },
};

export function isTarget(s: string): s is Target {
  return (TARGETS as readonly string[]).includes(s);
}

/** Where a target's rule file of `name` goes: prometheus/rules/, vmalert/rules/, ... */
export function targetRulesOutput(target: Target, name: string): string {
  return `${target}/rules/${name}.rules.yml`;
}

/** The directory of a target's rule files, where stale generated files are looked for. */
export function targetRulesDir(target: Target): string {
  return `${target}/rules`;
}
