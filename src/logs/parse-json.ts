// JSON lines (nginx `log_format ... escape=json`, application loggers): one object per line,
// the keys named in the config. nginx writes every value as a string, so numbers are read
// from numbers and from numeric strings alike.
import type { JsonFields } from './config.js';
import { decimal, foldMethod, statusCode, type RequestRecord } from './record.js';

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function number(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string') return v === '-' || v === '' ? undefined : decimal(v);
  return undefined;
}

export function parseJsonLine(line: string, fields: JsonFields, durationScale: number): RequestRecord | undefined {
  // Only an object can be a record; refusing other first characters also keeps a line of
  // 1 MiB of "[[[[" away from the parser.
  if (line.charCodeAt(0) !== 0x7b) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const obj = o as Record<string, unknown>;
  const statusText = text(obj[fields.status]);
  const code = statusText === undefined ? undefined : statusCode(statusText);
  if (code === undefined) return undefined;
  let method = text(obj[fields.method]);
  if (method === undefined) {
    const req = text(obj[fields.request]);
    if (req !== undefined) method = req.slice(0, Math.max(0, req.indexOf(' ')));
  }
  const sizeValue = obj[fields.size];
  const size = sizeValue === undefined || sizeValue === '-' ? 0 : number(sizeValue);
  if (size === undefined) return undefined;
  const rec: RequestRecord = { method: foldMethod(method ?? ''), code, size, object: obj };
  const d = obj[fields.duration];
  if (d !== undefined) {
    const seconds = number(d);
    if (seconds === undefined) return undefined;
    rec.duration = seconds * durationScale;
  }
  return rec;
}

/** Longer label values from a field are folded: each of max_series label sets may hold one. */
export const MAX_FIELD_LABEL_LENGTH = 256;

/** The value of a label taken from a field: strings and numbers as written, "other" when too long, else empty. */
export function fieldLabel(obj: Record<string, unknown> | undefined, key: string): string {
  const v = text(obj?.[key]) ?? (typeof obj?.[key] === 'boolean' ? String(obj[key]) : '');
  return v.length > MAX_FIELD_LABEL_LENGTH ? 'other' : v;
}
