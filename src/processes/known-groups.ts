// Which group names exist before any process is seen, so "my service is not running" reads
// as num_procs 0 from the first scrape instead of a missing series. A name is known up front
// when every part of its template is fixed by the entry itself:
//   - literal text;
//   - {{.Comm}} when the entry lists `comm` (a match has exactly one of those names);
//   - {{.ExeBase}} when the entry lists `exe` (a match has one of those base names);
//   - {{.ExeFull}} when every listed `exe` is a full path (a match has exactly that argv[0]).
// {{.Username}}, {{.PID}} and {{.Matches.X}} depend on the process, so such entries only
// produce groups once a process matches. Several fixed lists multiply; the product is capped
// so a long comm list cannot flood the exposition with empty groups.
import type { Matcher } from './matcher.js';
import type { TemplatePart } from './template.js';

const MAX_NAMES_PER_ENTRY = 256;

export function knownGroupNames(matchers: readonly Matcher[]): string[] {
  const names = new Set<string>();
  for (const m of matchers) for (const n of namesOf(m)) names.add(n);
  return [...names];
}

function namesOf(m: Matcher): string[] {
  let out = [''];
  for (const p of m.parts) {
    const options = choices(m, p);
    if (!options) return [];
    out = out.flatMap((prefix) => options.map((o) => prefix + o));
    if (out.length > MAX_NAMES_PER_ENTRY) return [];
  }
  return out;
}

function choices(m: Matcher, p: TemplatePart): string[] | undefined {
  if (p.kind === 'text') return [p.text];
  if (p.kind === 'match') return undefined;
  switch (p.field) {
    case 'Comm':
      return m.comm ? [...m.comm] : undefined;
    case 'ExeBase':
      return m.exe ? [...m.exe.keys()] : undefined;
    case 'ExeFull': {
      if (!m.exe) return undefined;
      const full = [...m.exe.values()];
      return full.every((f) => f !== '') ? full : undefined;
    }
    default:
      return undefined;
  }
}
