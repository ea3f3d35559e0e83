// Inhibition across alerts: while a vigil cannot be scraped, the alerts fed by its scrape stay
// quiet. A stopped host then pages once (its VigilTargetDown), not once per probe, process
// group and host alert whose data went stale or missing with it.
//
// The compiler marks each alert (src/compiler/vigil-scrape.ts): 'down' for the target-down
// alerts of vigil's job, 'depends' for those whose series are scraped from vigil. Two rules
// join them, since Alertmanager's `equal` compares one label name on both sides:
// - on `instance`: the series of vigil's /metrics carry the vigil's own address there;
// - on `vigil`: the per-probe job's series have the probe's target as `instance`, and carry the
//   address of the vigil that ran the probe in `vigil` (/sd/probes sets it; the shipped configs
//   relabel vigil's job so its `up` carries it too).
// Each source must carry the label, not empty: Alertmanager counts a label missing on both
// sides as equal, and a target-down alert without `vigil` would mute every host's probes.
import { alertnameMatcher, matcher } from './matchers.js';
import { INSTANCE_LABEL, VIGIL_LABEL } from '../compiler/conventions.js';
import type { AlertSpec } from './types.js';

export function targetDownRules(alerts: readonly AlertSpec[]): Record<string, unknown>[] {
  const down = alerts.filter((a) => a.vigilScrape === 'down').map((a) => a.name);
  const muted = alerts.filter((a) => a.vigilScrape === 'depends').map((a) => a.name);
  if (!down.length || !muted.length) return [];
  return [INSTANCE_LABEL, VIGIL_LABEL].map((label) => ({
    source_matchers: [alertnameMatcher(down), matcher(label, { regex: '.+' })],
    target_matchers: [alertnameMatcher(muted)],
    equal: [label],
  }));
}
