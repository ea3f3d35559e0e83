// process-exporter's selectors, with its semantics: within an entry `comm` and `exe` lists
// are alternatives and every `cmdline` regex must match; all selectors an entry lists must
// match; the first matching entry names the process. A process is matched once in its life
// (the tracker caches the outcome by pid and start time), so none of this is on the hot path.
import { compileRe2, type CapturingPattern } from '../regex/re2.js';
import { parseTemplate, renderTemplate, type TemplatePart } from './template.js';

export interface ProcessNameEntry {
  name?: string;
  comm?: string[];
  exe?: string[];
  cmdline?: string[];
}

export interface Matcher {
  /** Position in `process_names`, for messages. */
  index: number;
  parts: TemplatePart[];
  comm?: ReadonlySet<string>;
  /** Base name → full path that must also match, or '' when any directory will do. */
  exe?: ReadonlyMap<string, string>;
  cmdline?: CapturingPattern[];
}

/** What a matcher looks at. */
export interface ProcessAttributes {
  comm: string;
  cmdline: readonly string[];
  pid: number;
  username(): string;
}

export interface ConfigProblem {
  path: (string | number)[];
  code: 'process-bad-regex' | 'process-bad-template' | 'process-no-selector';
  message: string;
  hint?: string;
  /** For a bad regex: the pattern and the index of the fault in it, to point at the column. */
  pattern?: { source: string; offset: number };
}

export const DEFAULT_NAME = '{{.ExeBase}}';

export function compileMatchers(entries: readonly unknown[]): { matchers: Matcher[]; problems: ConfigProblem[] } {
  const matchers: Matcher[] = [];
  const problems: ConfigProblem[] = [];
  entries.forEach((raw, index) => {
    const e = raw as ProcessNameEntry;
    const m: Matcher = { index, parts: [] };
    let ok = true;
    if (!e.comm && !e.exe && !e.cmdline) {
      problems.push({
        path: ['process_names', index],
        code: 'process-no-selector',
        message: `process_names[${index}] has no comm, exe or cmdline selector`,
        hint: 'an entry must say which processes it takes, e.g. cmdline: [".+"] for all',
      });
      ok = false;
    }
    if (e.comm) m.comm = new Set(e.comm);
    if (e.exe) {
      const exes = new Map<string, string>();
      for (const x of e.exe) exes.set(goBase(x), x.includes('/') ? x : '');
      m.exe = exes;
    }
    const captures = new Set<string>();
    if (e.cmdline) {
      m.cmdline = [];
      e.cmdline.forEach((src, j) => {
        const c = compileRe2(src);
        if (!c.ok) {
          problems.push({
            path: ['process_names', index, 'cmdline', j],
            code: 'process-bad-regex',
            message: `cmdline regex ${JSON.stringify(src)} is ${c.problem.message}`,
            hint: c.problem.hint,
            pattern: { source: src, offset: c.problem.offset },
          });
          ok = false;
          return;
        }
        for (const name of c.pattern.names) captures.add(name);
        m.cmdline!.push(c.pattern);
      });
    }
    const tmpl = parseTemplate(e.name ?? DEFAULT_NAME);
    if (!tmpl.ok) {
      problems.push({
        path: ['process_names', index, 'name'],
        code: 'process-bad-template',
        message: `name template ${JSON.stringify(e.name)}: ${tmpl.message} (at character ${tmpl.offset + 1})`,
        ...(tmpl.hint ? { hint: tmpl.hint } : {}),
      });
      ok = false;
    } else {
      for (const p of tmpl.parts) {
        if (p.kind === 'match' && !captures.has(p.name)) {
          problems.push({
            path: ['process_names', index, 'name'],
            code: 'process-bad-template',
            message: `name template uses {{.Matches.${p.name}}} but no cmdline regex of this entry has a (?P<${p.name}>...) capture`,
            hint: captures.size ? `captures of this entry: ${[...captures].join(', ')}` : 'add a named capture to a cmdline regex',
          });
          ok = false;
        }
      }
      m.parts = tmpl.parts;
    }
    if (ok) matchers.push(m);
  });
  return { matchers, problems };
}

/** The group of the first entry that takes the process, or undefined. */
export function matchProcess(matchers: readonly Matcher[], p: ProcessAttributes): string | undefined {
  for (const m of matchers) {
    const name = matchOne(m, p);
    if (name !== undefined) return name;
  }
  return undefined;
}

function matchOne(m: Matcher, p: ProcessAttributes): string | undefined {
  if (m.comm && !m.comm.has(p.comm)) return undefined;
  const argv0 = p.cmdline[0];
  if (m.exe) {
    if (argv0 === undefined) return undefined;
    const full = m.exe.get(goBase(argv0));
    if (full === undefined || (full !== '' && full !== argv0)) return undefined;
  }
  const matches: Record<string, string> = {};
  if (m.cmdline) {
    const joined = p.cmdline.join(' ');
    for (const re of m.cmdline) {
      const r = re.captures(joined);
      if (!r) return undefined;
      Object.assign(matches, r);
    }
  }
  const exeFull = argv0 ?? p.comm;
  return renderTemplate(m.parts, {
    comm: p.comm,
    exeFull,
    exeBase: argv0 === undefined ? p.comm : goBase(argv0),
    username: p.username,
    pid: p.pid,
    matches,
  });
}

/** Go's filepath.Base: trailing slashes dropped, "" → ".", all slashes → "/". */
export function goBase(path: string): string {
  if (path === '') return '.';
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  if (end === 0) return '/';
  const trimmed = path.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
