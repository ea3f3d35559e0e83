// The exposition model every collector returns. Kept deliberately plain (no registry, no
// global state) so collectors are pure functions of what they read, and one writer owns the
// wire formats.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` for histograms; empty otherwise. */
  suffix?: string;
  labels?: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export function gauge(name: string, help: string, samples: Sample[] = []): MetricFamily {
  return { name, help, type: 'gauge', samples };
}

export function counter(name: string, help: string, samples: Sample[] = []): MetricFamily {
  return { name, help, type: 'counter', samples };
}

export function untyped(name: string, help: string, samples: Sample[] = []): MetricFamily {
  return { name, help, type: 'untyped', samples };
}

export function single(name: string, help: string, type: MetricType, value: number, labels?: Labels): MetricFamily {
  return { name, help, type, samples: [labels ? { value, labels } : { value }] };
}
