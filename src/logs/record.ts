// The common form every log format's parser (parse-text.ts, parse-json.ts) turns a line into,
// and the folds that keep a hostile log from minting series: methods outside the standard set
// become "other", status codes outside 100-599 and malformed numbers are refused.
/** What one access-log line says about one request. */
export interface RequestRecord {
  method: string;
  /** Three digits, 100 to 599. */
  code: string;
  /** Response body bytes; 0 when the log wrote "-". */
  size: number;
  /** Seconds, when the format carries a duration. */
  duration?: number;
  /** Seconds spent in upstreams (nginx $upstream_response_time, summed over retries). */
  upstream?: number;
  /** The parsed json object, for labels taken from a field. */
  object?: Record<string, unknown>;
}

// Methods are folded into this set so a client sending made-up methods cannot mint series.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

export function foldMethod(m: string): string {
  return KNOWN_METHODS.has(m) ? m : 'other';
}

/** A status code of three digits in 100..599, or undefined. */
export function statusCode(s: string): string | undefined {
  if (s.length !== 3) return undefined;
  const c0 = s.charCodeAt(0);
  if (c0 < 0x31 || c0 > 0x35) return undefined;
  for (let i = 1; i < 3; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return s;
}

/** A non-negative finite number written in decimal, or undefined. */
export function decimal(s: string): number | undefined {
  if (s.length === 0 || s.length > 32) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 && s.trim() === s ? n : undefined;
}
