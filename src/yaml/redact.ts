// A diagnostic quotes the line it points at; when that line holds a secret (the very mistake
// being reported, often), the quote must not. This masks, in one line of YAML text:
// the value of a key named as a credential, a `*_env` value that is no variable name,
// the password (or token) in a URL's userinfo, credential-named URL query parameters, and
// any value the caller knows to be secret. Pure text work, so it also covers lines that did
// not parse. Masks have a fixed width, so they tell nothing of a secret's length; the caret
// is moved with the text so it still points at what it pointed at.
import { isCredentialName, looksLikeEnvName } from './credentials.js';

export const MASK = '*****';

export interface Redacted {
  text: string;
  /** Where a 1-based column of the original line is in `text` (1-based). */
  column(original: number): number;
}

// Every pattern is linear on a line of any length (lines of megabytes reach diagnostics):
// each can only start where a run of its characters starts, and no run is scanned twice.
// `key:` in block or flow style, the key plain (no spaces) or quoted; the match ends where
// the value starts.
const KEY = /(^|[\s{,])(?:"([^"]*)"|'([^']*)'|([^\s"'{}[\],:#]+))[ \t]*:(?=[ \t]|$)[ \t]*/g;
// scheme://userinfo@ ; group 2 is the userinfo.
const USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@'"]+)@/gi;
// ?name=value or &name=value inside a URL.
const QUERY = /[?&]([^=&?#\s'"]+)=([^&?#\s'",}\]]*)/g;
// Keys that name a credential's companion rather than hold one.
const NOT_SECRET_KEY = /(_file|_type|_users|username|_name)$/i;

/** Whether a key's scalar value is to be masked when a line is quoted. */
function secretValue(key: string, value: string): boolean {
  if (/_env$/i.test(key)) return !looksLikeEnvName(value);
  return isCredentialName(key) && !NOT_SECRET_KEY.test(key);
}

/**
 * The end (exclusive) of the scalar that starts at `start`: its closing quote, or where a plain
 * one ends. `flow` says whether it is inside a flow collection, where , ] and } end it.
 */
export function scalarEnd(line: string, start: number, flow: boolean): number {
  const q = line[start];
  if (q === '"' || q === "'") {
    for (let i = start + 1; i < line.length; i++) {
      if (q === '"' && line[i] === '\\') {
        i++;
        continue;
      }
      if (line[i] === q) {
        if (q === "'" && line[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return line.length;
  }
  for (let i = start; i < line.length; i++) {
    const c = line[i];
    if (flow && (c === ',' || c === '}' || c === ']')) return trimEnd(line, start, i);
    if (c === '#' && (line[i - 1] === ' ' || line[i - 1] === '\t')) return trimEnd(line, start, i);
  }
  return trimEnd(line, start, line.length);
}

function trimEnd(line: string, start: number, end: number): number {
  let e = end;
  while (e > start && (line[e - 1] === ' ' || line[e - 1] === '\t')) e--;
  return e;
}

/** Spans [start, end) of the secrets in one line; `known` are 1-based columns where a secret value starts. */
export function secretSpans(line: string, known: readonly number[] = []): [number, number][] {
  const spans: [number, number][] = [];
  const firstFlow = line.search(/[{[]/);
  const inFlow = (at: number) => firstFlow >= 0 && firstFlow < at;
  for (const column of known) {
    const start = Math.max(0, column - 1);
    if (start < line.length) spans.push([start, Math.max(start + 1, scalarEnd(line, start, inFlow(start)))]);
  }
  const key = new RegExp(KEY.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = key.exec(line)) !== null) {
    const name = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    const start = m.index + m[0].length;
    // Only keys whose value may be masked need their value's extent: a *_env key, whose value
    // decides, or a credential-named one.
    const candidate = /_env$/i.test(name) || secretValue(name, '');
    if (start >= line.length || '{[|>&*!#'.includes(line[start]!) || !candidate) {
      if (m[0].length === 0) key.lastIndex++;
      continue;
    }
    const end = scalarEnd(line, start, inFlow(start));
    const value = line.slice(start, end).replace(/^(["'])(.*)\1$/, '$2');
    if (end > start && secretValue(name, value)) spans.push([start, end]);
    // Keys inside this value are part of it; scanning on from its end keeps this linear.
    key.lastIndex = Math.max(key.lastIndex, end);
  }
  for (const u of line.matchAll(USERINFO)) {
    const start = u.index + u[1]!.length;
    const colon = u[2]!.indexOf(':');
    // user:password keeps the user; a lone userinfo is usually a token.
    spans.push(colon >= 0 ? [start + colon + 1, start + u[2]!.length] : [start, start + u[2]!.length]);
  }
  for (const q of line.matchAll(QUERY)) {
    if (!isCredentialName(q[1]!) || q[2] === '') continue;
    const start = q.index + q[0].length - q[2]!.length;
    spans.push([start, start + q[2]!.length]);
  }
  return merge(spans.filter(([s, e]) => e > s));
}

function merge(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** The line with every secret replaced by MASK. */
export function redactLine(line: string, known: readonly number[] = []): Redacted {
  const spans = secretSpans(line, known);
  if (spans.length === 0) return { text: line, column: (c) => c };
  let text = '';
  let at = 0;
  for (const [s, e] of spans) {
    text += line.slice(at, s) + MASK;
    at = e;
  }
  text += line.slice(at);
  return {
    text,
    column(original) {
      const i = original - 1;
      let shift = 0;
      for (const [s, e] of spans) {
        if (i < s) break;
        if (i < e) return s + shift + 1;
        shift += MASK.length - (e - s);
      }
      return original + shift;
    },
  };
}
