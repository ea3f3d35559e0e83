// The nginx/Apache text formats, read by hand rather than by regular expression: one pass,
// no backtracking, so a hostile 1 MiB line costs 1 MiB of scanning and nothing more.
//   common:      $remote_addr $ident $remote_user [$time_local] "$request" $status $bytes
//   combined:    common "$http_referer" "$http_user_agent"
//   nginx_timed: combined $request_time $upstream_response_time
// Anything after the last field a format needs is ignored (nginx adds fields at the end).
import { decimal, foldMethod, statusCode, type RequestRecord } from './record.js';

export type TextFormat = 'common' | 'combined' | 'nginx_timed';

/** Index of the quote that closes a string opened just before `from`; -1 if none. */
function closingQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5c)
      i++; // \" (Apache) or \x22 (nginx): skip the escaped character
    else if (c === 0x22) return i;
  }
  return -1;
}

/** Moves past ` "...."`; returns the index after the closing quote, or -1. */
function skipQuoted(line: string, p: number): number {
  if (line.charCodeAt(p) !== 0x20 || line.charCodeAt(p + 1) !== 0x22) return -1;
  const q = closingQuote(line, p + 2);
  return q < 0 ? -1 : q + 1;
}

export function parseTextLine(line: string, format: TextFormat): RequestRecord | undefined {
  let p = 0;
  for (let i = 0; i < 3; i++) {
    const sp = line.indexOf(' ', p);
    if (sp <= p) return undefined;
    p = sp + 1;
  }
  if (line.charCodeAt(p) !== 0x5b) return undefined; // [
  const close = line.indexOf(']', p);
  if (close < 0) return undefined;
  p = close + 1;
  if (line.charCodeAt(p) !== 0x20 || line.charCodeAt(p + 1) !== 0x22) return undefined;
  const reqStart = p + 2;
  const reqEnd = closingQuote(line, reqStart);
  if (reqEnd < 0) return undefined;
  let m = reqStart;
  while (m < reqEnd && line.charCodeAt(m) !== 0x20) m++;
  const method = foldMethod(line.slice(reqStart, m));
  p = reqEnd + 1;
  if (line.charCodeAt(p) !== 0x20) return undefined;
  const code = statusCode(line.slice(p + 1, p + 4));
  if (code === undefined || line.charCodeAt(p + 4) !== 0x20) return undefined;
  p += 5;
  let e = line.indexOf(' ', p);
  if (e < 0) e = line.length;
  const sizeText = line.slice(p, e);
  const size = sizeText === '-' ? 0 : decimal(sizeText);
  if (size === undefined) return undefined;
  if (format === 'common') return { method, code, size };
  p = skipQuoted(line, e);
  if (p < 0) return undefined;
  p = skipQuoted(line, p);
  if (p < 0) return undefined;
  if (format === 'combined') return { method, code, size };
  if (line.charCodeAt(p) !== 0x20) return undefined;
  p++;
  let te = line.indexOf(' ', p);
  if (te < 0) te = line.length;
  const duration = decimal(line.slice(p, te));
  if (duration === undefined) return undefined;
  const rec: RequestRecord = { method, code, size, duration };
  const upstream = upstreamSeconds(line.slice(te + 1));
  if (upstream !== undefined) rec.upstream = upstream;
  return rec;
}

/**
 * nginx's $upstream_response_time: "0.004", "0.002, 0.010" (retries), "0.001 : 0.003"
 * (internal redirect), "-" when no upstream was asked. Summed; undefined when there is none.
 */
export function upstreamSeconds(text: string): number | undefined {
  if (text === '' || text === '-') return undefined;
  let sum = 0;
  let any = false;
  for (const part of text.split(/[,:]/)) {
    const t = part.trim();
    if (t === '-' || t === '') continue;
    const n = decimal(t);
    if (n === undefined) return undefined;
    sum += n;
    any = true;
  }
  return any ? sum : undefined;
}
