// Hand-written because it is the hot path of every scrape: one pass straight into UTF-8
// bytes, no intermediate strings. Covers the Prometheus text format 0.0.4 and OpenMetrics 1.0.0.
import { ByteWriter, WriterPool } from './bytes.js';
import type { Labels, MetricFamily, Sample } from './model.js';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type Format = 'text' | 'openmetrics';

/** Picks OpenMetrics only when the scraper lists it in Accept, as Prometheus does by default. */
export function negotiate(accept: string | undefined): Format {
  if (!accept) return 'text';
  for (const part of accept.split(',')) {
    const [media, ...params] = part
      .trim()
      .split(';')
      .map((s) => s.trim());
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

// encode() copies its result out, so one writer is enough; the pool's size rule decides
// whether it is kept after an unusually large exposition.
const shared = new WriterPool(1);

/** Writes the exposition as UTF-8 into w and returns a view of w's bytes (no copy). */
export function encodeInto(w: ByteWriter, families: readonly MetricFamily[], format: Format): Buffer {
  if (format === 'openmetrics') writeOpenMetrics(w, families);
  else writeText(w, families);
  return w.view();
}

/** The exposition body as UTF-8 bytes that the caller owns. */
export function encode(families: readonly MetricFamily[], format: Format): Buffer {
  const w = shared.take();
  encodeInto(w, families, format);
  const bytes = w.bytes();
  shared.give(w);
  return bytes;
}

export function render(families: readonly MetricFamily[], format: Format): string {
  return encode(families, format).toString('utf8');
}

export function renderText(families: readonly MetricFamily[]): string {
  return render(families, 'text');
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

// The HELP and TYPE lines are most of an exporter's bytes (a family often has one or two
// samples) and the same on every scrape, so each family's header is encoded once and copied.
interface Header {
  help: string;
  type: string;
  bytes: Uint8Array;
}

const MAX_HEADERS = 10_000;
const headers = { text: new Map<string, Header>(), openmetrics: new Map<string, Header>() };
const headerWriter = new ByteWriter(4096);

function header(format: Format, f: MetricFamily): Uint8Array {
  const cache = headers[format];
  const hit = cache.get(f.name);
  if (hit && hit.help === f.help && hit.type === f.type) return hit.bytes;
  headerWriter.reset();
  if (format === 'text') writeTextHeader(headerWriter, f);
  else writeOpenMetricsHeader(headerWriter, f);
  const bytes = headerWriter.bytes();
  if (cache.size >= MAX_HEADERS) cache.clear();
  cache.set(f.name, { help: f.help, type: f.type, bytes });
  return bytes;
}

function writeTextHeader(w: ByteWriter, f: MetricFamily): void {
  w.text('# HELP ');
  w.text(f.name);
  w.byte(SPACE);
  w.escaped(f.help, false);
  w.text('\n# TYPE ');
  w.text(f.name);
  w.byte(SPACE);
  w.text(f.type);
  w.byte(NEWLINE);
}

/** OpenMetrics names a counter family without `_total` and requires the suffix on samples. */
function openMetricsFamily(f: MetricFamily): string {
  return f.type === 'counter' && f.name.endsWith('_total') ? f.name.slice(0, -6) : f.name;
}

function writeOpenMetricsHeader(w: ByteWriter, f: MetricFamily): void {
  const family = openMetricsFamily(f);
  w.text('# TYPE ');
  w.text(family);
  w.byte(SPACE);
  w.text(f.type === 'untyped' ? 'unknown' : f.type);
  w.text('\n# HELP ');
  w.text(family);
  w.byte(SPACE);
  // OpenMetrics HELP is an escaped-string like a label value, " included (0.0.4's is not).
  w.escaped(f.help, true);
  w.byte(NEWLINE);
}

function writeText(w: ByteWriter, families: readonly MetricFamily[]): void {
  for (const f of families) {
    if (f.samples.length === 0) continue;
    w.raw(header('text', f));
    for (const s of f.samples) writeSample(w, f.name, s);
  }
}

function writeOpenMetrics(w: ByteWriter, families: readonly MetricFamily[]): void {
  for (const f of families) {
    if (f.samples.length === 0) continue;
    w.raw(header('openmetrics', f));
    const sampleBase = f.type === 'counter' ? `${openMetricsFamily(f)}_total` : f.name;
    for (const s of f.samples) writeSample(w, sampleBase, s);
  }
  w.text('# EOF\n');
}

function writeSample(w: ByteWriter, name: string, s: Sample): void {
  w.text(name);
  if (s.suffix) w.text(s.suffix);
  if (s.labels) writeLabels(w, s.labels);
  w.byte(SPACE);
  w.number(s.value);
  w.byte(NEWLINE);
}

function writeLabels(w: ByteWriter, labels: Labels): void {
  let first = true;
  for (const k in labels) {
    w.byte(first ? 0x7b : 0x2c); // { or ,
    first = false;
    w.text(k);
    w.text('="');
    w.escaped(labels[k]!, true);
    w.byte(0x22);
  }
  if (!first) w.byte(0x7d);
}
