// Every regex a config holds (process selectors, device and mount filters, probe body and line
// checks) is RE2 syntax, as in the Go exporters vigil stands in for, and runs on RE2's
// linear-time automata. JavaScript's own RegExp backtracks: `^(a+)+$` against a 41-byte string,
// or `.*x.*y` against a 480 KB command line any local user can start, would stall the event
// loop for seconds or forever. re2js is a pure-JS port of Go's regexp, so the syntax accepted
// and its error messages are Go's.
import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

/** A compiled config regex: what the rest of vigil may ask of one. */
export interface Pattern {
  /** The pattern as written in the config. */
  readonly source: string;
  /** True when the pattern matches anywhere in `text` (unanchored, like Go's MatchString). */
  test(text: string): boolean;
}

export interface CapturingPattern extends Pattern {
  /** Names of the pattern's named captures, (?P<name>...) or (?<name>...). */
  readonly names: readonly string[];
  /** The named captures of the leftmost match, '' for a capture that took no part; null when no match. */
  captures(text: string): Record<string, string> | null;
}

export interface Re2Problem {
  /** Why, in words, with RE2's own wording of the fault. */
  message: string;
  /** 0-based index in the pattern of the offending part. */
  offset: number;
  hint: string;
}

export type Compiled = { ok: true; pattern: CapturingPattern } | { ok: false; problem: Re2Problem };

// re2js and the automata it builds cost about 8 MB of resident memory, a tenth of vigil's. The
// built-in filters (builtinPattern below) need none of it, so it is loaded only when a config
// holds a regex of its own.
let engine: typeof Re2js | undefined;
function re2js(): typeof Re2js {
  return (engine ??= createRequire(import.meta.url)('re2js') as typeof Re2js);
}

const SYNTAX_HINT = 'config regexes use RE2 syntax (https://github.com/google/re2/wiki/Syntax); in YAML prefer single quotes';

export function compileRe2(source: string): Compiled {
  let re: Re2js.RE2JS;
  try {
    re = re2js().RE2JS.compile(source);
  } catch (err) {
    return { ok: false, problem: describe(source, err) };
  }
  const names = Object.keys(re.namedGroups());
  return {
    ok: true,
    pattern: {
      source,
      names,
      test: (text) => re.test(text),
      captures(text) {
        if (names.length === 0) return re.test(text) ? {} : null;
        const m = re.exec(text);
        if (!m) return null;
        const out: Record<string, string> = {};
        const groups = (m as unknown as { groups?: Record<string, string | undefined> }).groups ?? {};
        for (const n of names) out[n] = groups[n] ?? '';
        return out;
      },
    },
  };
}

function describe(source: string, err: unknown): Re2Problem {
  const { RE2JSException, RE2JSSyntaxException } = re2js();
  if (!(err instanceof RE2JSSyntaxException)) {
    const message = err instanceof RE2JSException || err instanceof Error ? err.message : String(err);
    return { message: `not an RE2 regular expression: ${message}`, offset: 0, hint: SYNTAX_HINT };
  }
  const fragment = err.input ?? '';
  const at = fragment ? source.indexOf(fragment) : -1;
  return {
    message: `not an RE2 regular expression: ${err.error}${fragment ? ` at \`${fragment}\`` : ''}`,
    offset: Math.max(0, at),
    hint: hintFor(err.error, fragment),
  };
}

// The constructs people carry over from JavaScript, PCRE or Python, and what RE2 offers instead.
function hintFor(error: string, fragment: string): string {
  if (/^\(\?<?[=!]/.test(fragment)) {
    return 'RE2 has no lookahead or lookbehind (they need a backtracking engine); write the pattern without them';
  }
  if (/^\\[1-9]/.test(fragment)) return 'RE2 has no backreferences (they need a backtracking engine): spell the repeated text out';
  if (/^\(\?>/.test(fragment) || /possessive|\+\+|\*\+|\?\+/.test(fragment))
    return 'RE2 has no atomic groups or possessive quantifiers; it never backtracks, so plain groups and quantifiers do';
  if (fragment === '\\Z') return 'RE2 writes the end of the text as \\z (or $ without the m flag)';
  if (/repeat count/.test(error)) return 'RE2 allows repeat counts up to 1000, e.g. a{1,1000}';
  return SYNTAX_HINT;
}

/**
 * One of vigil's own constant filters (the default mount-point, filesystem-type and device
 * excludes), run on V8's RegExp. Only for patterns written in this repository and read to be
 * linear (alternations of literals, a single trailing `.+`, no nested quantifiers): anything a
 * user writes goes through compileRe2.
 */
export function builtinPattern(source: string): Pattern {
  const re = new RegExp(source);
  return { source, test: (text) => re.test(text) };
}

/** A pattern the config loader has already checked: compiled, or an Error saying why not. */
export function mustCompileRe2(source: string, what: string): CapturingPattern {
  const c = compileRe2(source);
  if (!c.ok) throw new Error(`${what}: ${c.problem.message}`);
  return c.pattern;
}
