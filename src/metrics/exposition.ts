import type { Labels, MetricFamily } from './model.js';

// Hand-written because it is the hot path of every scrape: one pass, string concatenation,
// no intermediate objects. Covers the Prometheus text format 0.0.4 and OpenMetrics 1.0.0.

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type Format = 'text' | 'openmetrics';

/** Picks OpenMetrics only when the scraper lists it in Accept, as Prometheus does by default. */
export function negotiate(accept: string | undefined): Format {
  if (!accept) return 'text';
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().split(';').map((s) => s.trim());
    if (media !== 'application/openmetrics-text') continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    const version = params.find((p) => p.startsWith('version='));
    if (!version || version === 'version=1.0.0' || version === 'version=0.0.1') return 'openmetrics';
  }
  return 'text';
}

export function contentType(format: Format): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
}

export function render(families: readonly MetricFamily[], format: Format): string {
  return format === 'openmetrics' ? renderOpenMetrics(families) : renderText(families);
}

export function renderText(families: readonly MetricFamily[]): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
    for (const s of f.samples) {
      out += f.name;
      if (s.suffix) out += s.suffix;
      if (s.labels) out += formatLabels(s.labels);
      out += ' ';
      out += formatValue(s.value);
      out += '\n';
    }
  }
  return out;
}

export function renderOpenMetrics(families: readonly MetricFamily[]): string {
  let out = '';
  for (const f of families) {
    if (f.samples.length === 0) continue;
    // OpenMetrics names a counter family without `_total` and requires the suffix on samples.
    const isCounter = f.type === 'counter';
    const family = isCounter && f.name.endsWith('_total') ? f.name.slice(0, -6) : f.name;
    const type = f.type === 'untyped' ? 'unknown' : f.type;
    out += `# TYPE ${family} ${type}\n# HELP ${family} ${escapeHelp(f.help)}\n`;
    const sampleBase = isCounter ? `${family}_total` : f.name;
    for (const s of f.samples) {
      out += sampleBase;
      if (s.suffix) out += s.suffix;
      if (s.labels) out += formatLabels(s.labels);
      out += ' ';
      out += formatValue(s.value);
      out += '\n';
    }
  }
  return out + '# EOF\n';
}

export function formatLabels(labels: Labels): string {
  let out = '';
  for (const k in labels) {
    const v = labels[k]!;
    out += out ? ',' : '{';
    out += k;
    out += '="';
    out += needsEscape(v) ? escapeLabelValue(v) : v;
    out += '"';
  }
  return out ? out + '}' : '';
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const ESCAPE_TEST = /[\\"\n]/;

function needsEscape(v: string): boolean {
  return ESCAPE_TEST.test(v);
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
