// The bounds that keep one exporter's cost fixed whatever is asked of it: series and label
// length per scrape (ExpositionGuard), requests in flight (InFlightLimit, answered 503 beyond).
import { counter, type MetricFamily, type Sample } from '../metrics/model.js';

export interface ExpositionLimits {
  maxSeries: number;
  maxLabelValueLength: number;
}

/**
 * Caps what one scrape can emit. A label value past the length limit drops its series (a
 * truncated value could collide with another series); past the series limit the rest are
 * dropped. Both are counted so the loss is visible rather than silent.
 */
export class ExpositionGuard {
  private droppedLong = 0;
  private droppedLimit = 0;

  constructor(private limits: ExpositionLimits) {}

  setLimits(limits: ExpositionLimits): void {
    this.limits = limits;
  }

  apply(families: MetricFamily[]): MetricFamily[] {
    let budget = this.limits.maxSeries;
    const maxLen = this.limits.maxLabelValueLength;
    const out: MetricFamily[] = [];
    for (const f of families) {
      let samples: Sample[] | undefined;
      for (let i = 0; i < f.samples.length; i++) {
        const s = f.samples[i]!;
        let drop: 'long' | 'limit' | undefined;
        if (budget <= 0) drop = 'limit';
        else if (s.labels && tooLong(s.labels, maxLen)) drop = 'long';
        if (drop) {
          if (drop === 'long') this.droppedLong++;
          else this.droppedLimit++;
          samples ??= f.samples.slice(0, i);
          continue;
        }
        budget--;
        samples?.push(s);
      }
      out.push(samples ? { ...f, samples } : f);
    }
    return out;
  }

  families(): MetricFamily[] {
    return [
      counter('vigil_exposition_dropped_series_total', 'Series dropped from the exposition by a limit.', [
        { labels: { reason: 'label_value_too_long' }, value: this.droppedLong },
        { labels: { reason: 'series_limit' }, value: this.droppedLimit },
      ]),
    ];
  }
}

function tooLong(labels: Readonly<Record<string, string>>, max: number): boolean {
  for (const k in labels) if (labels[k]!.length > max) return true;
  return false;
}

/** Counts requests in flight; beyond the limit the caller answers 503 at once. */
export class InFlightLimit {
  private current = 0;
  rejected = 0;

  constructor(private readonly max: number) {}

  tryEnter(): boolean {
    if (this.current >= this.max) {
      this.rejected++;
      return false;
    }
    this.current++;
    return true;
  }

  leave(): void {
    this.current--;
  }
}
