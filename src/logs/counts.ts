// What one log's lines add up to, and its series cap. Counters live here between scrapes;
// rendering walks them into samples.
import type { Labels, Sample } from '../metrics/model.js';
import type { LogSpec } from './config.js';
import { fieldLabel } from './parse-json.js';
import type { RequestRecord } from './record.js';

interface RequestSeries {
  labels: Labels;
  count: number;
  bytes: number;
}

class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
  samples(out: Sample[]): void {
    let cum = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      cum += this.counts[i]!;
      out.push({ suffix: '_bucket', labels: { ...this.labels, le: String(this.bounds[i]) }, value: cum });
    }
    out.push({ suffix: '_bucket', labels: { ...this.labels, le: '+Inf' }, value: this.count });
    out.push({ suffix: '_sum', labels: this.labels, value: this.sum });
    out.push({ suffix: '_count', labels: this.labels, value: this.count });
  }
}

export class LogCounts {
  readonly requests = new Map<string, RequestSeries>();
  readonly durations = new Map<string, Histogram>();
  readonly upstreams = new Map<string, Histogram>();
  parsed = 0;
  unparsed = 0;
  tooLong = 0;
  dropped = 0;
  bytesRead = 0;
  renamed = 0;
  truncated = 0;
  /** Failed reads by errno code. */
  readonly errors = new Map<string, number>();
  private series = 0;
  private readonly fixed: string[];
  private readonly fromFields: boolean;

  constructor(readonly spec: LogSpec) {
    this.fixed = spec.labels.map(([, src]) => ('value' in src ? src.value : ''));
    this.fromFields = spec.labels.some(([, src]) => 'field' in src);
  }

  add(rec: RequestRecord): void {
    this.parsed++;
    const values = this.fromFields
      ? this.spec.labels.map(([, src]) => ('value' in src ? src.value : fieldLabel(rec.object, src.field)))
      : this.fixed;
    const extra = this.fromFields ? values.join('\u0000') : '';
    const key = `${rec.method}\u0000${rec.code}\u0000${extra}`;
    let s = this.requests.get(key);
    if (!s) {
      if (!this.admit()) return;
      s = { labels: this.labelsOf(values, { method: rec.method, code: rec.code }), count: 0, bytes: 0 };
      this.requests.set(key, s);
    }
    s.count++;
    s.bytes += rec.size;
    if (rec.duration !== undefined) this.histogram(this.durations, extra, values)?.observe(rec.duration);
    if (rec.upstream !== undefined) this.histogram(this.upstreams, extra, values)?.observe(rec.upstream);
  }

  /** One more label set, unless the cap is reached: then the line is dropped and counted. */
  private admit(): boolean {
    if (this.series >= this.spec.maxSeries) {
      this.dropped++;
      return false;
    }
    this.series++;
    return true;
  }

  private histogram(map: Map<string, Histogram>, key: string, values: string[]): Histogram | undefined {
    let h = map.get(key);
    if (!h) {
      if (!this.admit()) return undefined;
      h = new Histogram(this.labelsOf(values), this.spec.buckets);
      map.set(key, h);
    }
    return h;
  }

  private labelsOf(values: string[], own: Record<string, string> = {}): Labels {
    const l: Record<string, string> = { log: this.spec.name, ...own };
    this.spec.labels.forEach(([name], i) => {
      l[name] = values[i]!;
    });
    return l;
  }

  requestSamples(out: Sample[]): void {
    for (const s of this.requests.values()) out.push({ labels: s.labels, value: s.count });
  }

  sizeSamples(out: Sample[]): void {
    for (const s of this.requests.values()) out.push({ labels: s.labels, value: s.bytes });
  }

  durationSamples(out: Sample[], which: 'request' | 'upstream'): void {
    for (const h of (which === 'request' ? this.durations : this.upstreams).values()) h.samples(out);
  }
}
