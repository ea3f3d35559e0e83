// Stage 1: rule file text → YAML document with positions, and the shape check against the
// JSON Schema. Pure: the caller reads the files.
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import { parseYaml, type PathSegment, type Position, type YamlDocument } from '../yaml/source.js';
import { validateShape } from '../yaml/validate.js';
import { RULE_LANGUAGE_VERSION } from './conventions.js';
import { rulesSchema } from './schema.js';
import type { RuleFileSpec } from './spec.js';

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
    return { diagnostics: [{ code: 'rules.not-a-mapping', file: src.path, line: 1, column: 1, message: 'a rule file is a mapping with `version` and `groups`', hint: 'start with `version: 1` and `groups:`' }] };
  }
  // A wrong version makes every other message misleading: say that alone.
  if (value.version !== undefined && value.version !== RULE_LANGUAGE_VERSION) {
    const p = doc.locate(['version']);
    return { diagnostics: [{ code: 'rules.version', file: src.path, ...p, message: `unsupported rule language version ${JSON.stringify(value.version)}`, hint: `this vigil reads version ${RULE_LANGUAGE_VERSION}` }] };
  }
  const diagnostics = validateShape(doc, rulesSchema, 'rules.shape');
  if (diagnostics.length) return { diagnostics };
  return { file: { path: src.path, name: baseName(src.path), doc, spec: doc.value as RuleFileSpec }, diagnostics: [] };
}

/**
 * Position of a character inside a scalar: `offset` counts from the scalar's first character,
 * so a PromQL error points at the exact column, also inside quoted and block scalars.
 */
export function locateInScalar(doc: YamlDocument, path: readonly PathSegment[], offset: number): Position {
  const start = doc.locate(path);
  const lines = doc.text.split('\n');
  const first = lines[start.line - 1] ?? '';
  const opener = first[start.column - 1];
  if (opener === '|' || opener === '>') {
    // Block scalar: content starts on the next line at its indentation; folded lines keep breaks
    // close enough for a caret.
    const value = valueAt(doc.value, path);
    const before = typeof value === 'string' ? value.slice(0, offset) : '';
    const lineInValue = opener === '|' ? (before.match(/\n/g) ?? []).length : 0;
    const col = opener === '|' ? before.length - (before.lastIndexOf('\n') + 1) : before.length;
    // The block's indentation is that of its first content line; deeper lines keep the
    // extra spaces inside the value, which `col` already counts.
    const firstLine = lines[start.line] ?? '';
    const indent = firstLine.length - firstLine.trimStart().length;
    return { line: start.line + 1 + lineInValue, column: indent + col + 1 };
  }
  const quote = opener === '"' || opener === "'" ? 1 : 0;
  return { line: start.line, column: start.column + quote + offset };
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s as string] : undefined;
  return v;
}
