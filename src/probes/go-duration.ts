// Go durations (time.ParseDuration: "500ms", "1.5s", "1h30m", "250us"), the grammar of a probe's
// `timeout`: blackbox_exporter's module timeout is a Go time.Duration, so a value copied from
// a blackbox.yml means the same here.
//
// Not the grammar of the rule compiler's durations (compiler/duration.ts): those are
// Prometheus durations (model.Duration), integers only, with d, w and y, units largest first,
// because they end up in PromQL and rule files. The two differ on purpose: "1.5s" is a valid
// probe timeout and no valid PromQL range, "1d" the other way round. No sign: a timeout is
// positive.

const NUMBER = '([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
const UNIT = '(ns|us|µs|μs|ms|s|m|h)';

export const GO_DURATION_PATTERN = `^(${NUMBER}${UNIT})+$`;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds of a Go duration, or undefined when `text` is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  if (!new RegExp(GO_DURATION_PATTERN).test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(PART)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}
