// Stage 1: rule file text → YAML document with positions, and the shape check against the
// JSON Schema. Pure: the caller reads the files.
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import { splitLines } from '../yaml/lines.js';
import { parseYaml, type PathSegment, type Position, type YamlDocument } from '../yaml/source.js';
import { checkShape } from '../yaml/validate.js';
import { RULE_LANGUAGE_VERSION } from './conventions.js';
import { ShapeFaults } from './faults.js';
import { rulesSchema } from './schema.js';
import { explainShape } from './shape-hints.js';
import type { RuleFileIn, RuleFileSpec } from './spec.js';

export interface SourceFile {
  /** Path as users see it, e.g. rules/host.yaml. */
  path: string;
  text: string;
}

export interface LoadedFile {
  path: string;
  /** Output base name: rules/host.yaml → host. */
  name: string;
  doc: YamlDocument;
  spec: RuleFileSpec;
  /**
   * The nodes that failed the shape check, when any did. The file then does not compile, but
   * the meaning checks still run on every well-formed alert, so one run shows all errors.
   */
  faults?: ShapeFaults;
}

export function baseName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
}

export function loadFile(src: SourceFile): { file?: LoadedFile; diagnostics: Diagnostic[] } {
  let doc: YamlDocument;
  try {
    doc = parseYaml(src.text, src.path);
  } catch (err) {
    if (err instanceof DiagnosticError) return { diagnostics: err.diagnostics };
    throw err;
  }
  const value = doc.value as { version?: unknown } | null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      diagnostics: [
        {
          code: 'rules.not-a-mapping',
          file: src.path,
          line: 1,
          column: 1,
          message: 'a rule file is a mapping with `version` and `groups`',
          hint: 'start with `version: 1` and `groups:`',
        },
      ],
    };
  }
  // A wrong version makes every other message misleading: say that alone.
  if (value.version !== undefined && value.version !== RULE_LANGUAGE_VERSION) {
    const p = doc.locate(['version']);
    return {
      diagnostics: [
        {
          code: 'rules.version',
          file: src.path,
          ...p,
          message: `unsupported rule language version ${shortValue(value.version)}`,
          hint: `this vigil reads version ${RULE_LANGUAGE_VERSION}`,
        },
      ],
    };
  }
  const shape = checkShape(doc, rulesSchema, 'rules.shape');
  const base = { path: src.path, name: baseName(src.path), doc };
  const missing = groupsWithoutRules(doc);
  if (shape.value && !missing.length) return { file: { ...base, spec: withAlertLists(shape.value) }, diagnostics: [] };
  const file: LoadedFile = { ...base, spec: readWhereSound(value), faults: new ShapeFaults(shape.faults) };
  return { file, diagnostics: explainShape(doc, shape.faults, [...shape.diagnostics, ...missing]) };
}

/** A group holds alerts, records or both; one of records only reads as one with `alerts: []`. */
function withAlertLists(spec: RuleFileIn): RuleFileSpec {
  return { ...spec, groups: spec.groups.map((g) => ({ ...g, alerts: g.alerts ?? [] })) };
}

/**
 * A file that failed the shape check is still read by the meaning checks, so one run shows
 * all its errors, but only at the nodes its faults do not hold (`sound` in meaning.ts,
 * recordsOf in records.ts): there it has the shape of a RuleFileSpec. A type cannot say
 * "except at these paths", so this is the one place a rule file gets its type without the
 * validator's word. Groups of records only get `alerts: []` as in a sound file.
 */
function readWhereSound(value: object): RuleFileSpec {
  const groups = (value as { groups?: unknown }).groups;
  if (Array.isArray(groups)) {
    for (const g of groups as unknown[]) {
      if (g && typeof g === 'object' && !Array.isArray(g) && (g as { alerts?: unknown }).alerts === undefined)
        (g as { alerts: unknown[] }).alerts = [];
    }
  }
  return value as RuleFileSpec;
}

/** A group with neither alerts nor records is an error (the schema cannot say "one of two keys" in words). */
function groupsWithoutRules(doc: YamlDocument): Diagnostic[] {
  const groups = (doc.value as { groups?: unknown }).groups;
  if (!Array.isArray(groups)) return [];
  const out: Diagnostic[] = [];
  groups.forEach((g: unknown, gi) => {
    if (!g || typeof g !== 'object' || Array.isArray(g)) return;
    const group = g as { alerts?: unknown; records?: unknown };
    if (group.alerts === undefined && group.records === undefined) {
      const p = doc.locate(['groups', gi]);
      out.push({
        code: 'rules.shape',
        file: doc.file,
        ...p,
        message: `missing required field "alerts" in groups[${gi}]`,
        hint: 'a group has `alerts:`, `records:` or both',
      });
    }
  });
  return out;
}

/** A value as a message shows it: never the whole of a list, a mapping or a long string. */
function shortValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a timestamp';
  if (v && typeof v === 'object') return 'a mapping';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Position of a character inside a scalar: `offset` counts from the scalar's first character,
 * so a PromQL error points at the exact column, also inside quoted, multi-line and block
 * scalars. An offset at or past the end of the value (an "unexpected end") points just after
 * its last character, never past the end of a line.
 */
export function locateInScalar(doc: YamlDocument, path: readonly PathSegment[], offset: number): Position {
  const start = doc.locate(path);
  const lines = linesOf(doc);
  const first = lines[start.line - 1] ?? '';
  // The node starts at its anchor or tag, if it has one; the scalar after them.
  const col0 = start.column - 1 + /^(?:[&!]\S*[ \t]+)*/.exec(first.slice(start.column - 1))![0].length;
  const opener = first[col0];
  const value = valueAt(doc.value, path);
  let rest = Math.max(0, typeof value === 'string' ? Math.min(offset, value.trimEnd().length) : offset);

  const block = opener === '|' || opener === '>';
  const literal = opener === '|';
  // A block scalar's content starts on the next line, at the indentation of its first
  // non-blank line; a flow scalar's on its own line, after the quote, and continues on the
  // following lines from their first non-blank character.
  const from = block ? start.line : start.line - 1;
  let blockIndent = 0;
  for (let j = from; block && j < lines.length; j++) {
    if (lines[j]!.trim() !== '') {
      blockIndent = indentOf(lines[j]!);
      break;
    }
  }
  const quote = opener === '"' || opener === "'" ? 1 : 0;
  let afterContent = false;
  for (let j = from; j < lines.length; j++) {
    const l = lines[j]!;
    const col = block ? blockIndent : j === from ? col0 + quote : indentOf(l);
    if (l.trim() === '' && !(j === from && !block)) {
      // A line break folded into a space already counted the first empty line after text.
      const width = literal || !afterContent ? 1 : 0;
      if (rest < width) return { line: j + 1, column: Math.min(col, l.length) + 1 };
      rest -= width;
      afterContent = false;
      continue;
    }
    const content = block ? l.slice(col) : l.slice(col).trimEnd();
    if (rest <= content.length) return { line: j + 1, column: col + rest + 1 };
    rest -= content.length + 1;
    afterContent = true;
  }
  const last = lines.length;
  return { line: last, column: (lines[last - 1]?.length ?? 0) + 1 };
}

// A file with thousands of PromQL diagnostics must not split its text thousands of times.
const LINES = new WeakMap<YamlDocument, string[]>();
function linesOf(doc: YamlDocument): string[] {
  let lines = LINES.get(doc);
  if (!lines) {
    lines = splitLines(doc.text);
    LINES.set(doc, lines);
  }
  return lines;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s as string] : undefined;
  return v;
}
