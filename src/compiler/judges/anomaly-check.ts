// The anomaly judge's meaning checks: baselines that hold too few samples, recent windows that
// let a lasting change into its own baseline, seasons shorter than their window; rules that
// compile to PromQL which cannot mean anything, refused before they ship.
import { ANOMALY_DEFAULT_DEVIATIONS, DEFAULT_EVALUATION_INTERVAL, SEASONS, promNumber } from '../conventions.js';
import { formatDuration, parseDuration } from '../duration.js';
import { minimumSamples, samplesIn } from './baseline.js';
import type { Reporter } from '../report.js';
import type { AlertSpec, GroupSpec } from '../spec.js';
import type { PathSegment } from '../../yaml/source.js';

export function checkAnomaly(r: Reporter, g: GroupSpec, a: AlertSpec, path: PathSegment[], scrapeMs: number, forMs: number): void {
  const an = a.anomaly!;
  const baselineMs = parseDuration(an.baseline);
  if (baselineMs === undefined) return; // reported as rules.duration
  if (an.seasonality && baselineMs >= parseDuration(SEASONS[an.seasonality]!)!) {
    r.error(
      'rules.anomaly-baseline',
      [...path, 'baseline'],
      'with seasonality the baseline window must be shorter than the season',
      'e.g. baseline: 1h with seasonality: daily',
    );
  }
  if (an.recent !== undefined) {
    const recentMs = parseDuration(an.recent);
    if (recentMs === undefined) {
      r.error(
        'rules.duration',
        [...path, 'recent'],
        `"${an.recent}" is not a Prometheus duration`,
        'units go from largest to smallest, each once: 1h30m, not 30m1h',
      );
    } else if (an.seasonality) {
      r.error(
        'rules.anomaly-recent',
        [...path, 'recent'],
        'a seasonal baseline lies a whole season back: there is no recent window to leave out',
        'remove `recent`, or the seasonality',
      );
    } else if (recentMs === 0 || recentMs < forMs) {
      r.error(
        'rules.anomaly-recent',
        [...path, 'recent'],
        recentMs === 0
          ? 'recent: 0 puts the value itself into its own baseline, which absorbs any lasting change'
          : `recent (${an.recent}) is shorter than the alert's for (${formatDuration(forMs)}): a lasting change would enter its own baseline before the alert fires`,
        `use recent: ${formatDuration(Math.max(forMs, baselineMs))} or longer (the default: as long as the baseline, at least \`for\`)`,
      );
    }
  }
  const k = an.deviations ?? ANOMALY_DEFAULT_DEVIATIONS;
  const method = an.method ?? 'mean';
  const evaluation = g.interval ?? DEFAULT_EVALUATION_INTERVAL;
  const evaluationMs = parseDuration(evaluation) ?? 15_000;
  const stepMs = Math.max(evaluationMs, scrapeMs);
  const have = samplesIn(baselineMs, evaluationMs, scrapeMs);
  const need = minimumSamples(k, method);
  if (have < need) {
    const spread = method === 'mean' ? 'standard deviation' : 'interquartile range';
    r.error(
      'rules.anomaly-baseline-short',
      [...path, 'baseline'],
      `baseline ${an.baseline} holds ${have} samples at one per ${formatDuration(stepMs)} (the group's evaluation${g.interval ? '' : ` interval, ${DEFAULT_EVALUATION_INTERVAL} unless set,`} or scrape interval); ` +
        `${promNumber(k)} deviations need at least ${need}, or the ${spread} of the baseline is too uncertain for ${promNumber(k)} of them to mean anything`,
      `use baseline: ${formatDuration(need * stepMs)} or longer, or fewer deviations`,
    );
  }
}
