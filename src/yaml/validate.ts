// ajv reports in JSON Pointer terms; people read line:column and plain words. This turns the
// first useful error per location into a Diagnostic that points at the offending text.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isCredentialName } from './credentials.js';
import type { Diagnostic } from './diagnostic.js';
import { redactLine } from './redact.js';
import type { SchemaValue } from './schema-type.js';
import type { PathSegment, YamlDocument } from './source.js';

const AJV_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true, verbose: true };
// ajv keeps a compiled schema by the schema object, so asking again is a lookup.
const ajv = new Ajv(AJV_OPTIONS);

export interface ShapeOptions {
  /**
   * false: compile the schema for this one check, on an ajv of its own, and keep nothing. For
   * a file read at start and at a reload (vigil.yml, web.yml): its compiled validator, a few
   * hundred KB of generated code and ajv's caches, would otherwise stay in memory for good.
   */
  keep?: boolean;
  /**
   * A smaller schema that judges this document exactly as the full one does (vigil.yml's,
   * narrowed to the sections the file has: config/schema.ts); the value keeps the full
   * schema's type.
   */
  checkWith?: object;
}

function validatorFor(schema: object, keep: boolean): ValidateFunction {
  return (keep ? ajv : new Ajv(AJV_OPTIONS)).compile(schema);
}

export interface ShapeFault {
  /** The node the error is about (for an unknown key, the mapping that has it). */
  path: PathSegment[];
  /** ajv's keyword: required, additionalProperties, type, pattern, ... */
  keyword: string;
  /** The missing or unknown key, for required and additionalProperties. */
  property?: string;
  /** The diagnostic that reports it (shared when two errors say the same at one place). */
  diagnostic: Diagnostic;
}

/** The document's value with the type its schema gives it, or why it does not fit. */
export type ShapeCheck<T> =
  { value: T; diagnostics: []; faults: [] } | { value?: undefined; diagnostics: Diagnostic[]; faults: ShapeFault[] };

/**
 * The shape check with, beside the diagnostics, the node every shape error is about, so a
 * later stage can still check the nodes that are well-formed. A schema written `as const`
 * types the value it passes (schema-type.ts): ajv's validator is the type guard.
 */
export function checkShape<S extends object>(
  doc: YamlDocument,
  schema: S,
  code = 'schema',
  { keep = true, checkWith }: ShapeOptions = {},
): ShapeCheck<SchemaValue<S>> {
  const validate = validatorFor(checkWith ?? schema, keep) as ValidateFunction<SchemaValue<S>>;
  const value = doc.value;
  if (validate(value)) return { value, diagnostics: [], faults: [] };
  const errors = pruneErrors(validate.errors ?? []);
  const out: Diagnostic[] = [];
  const faults: ShapeFault[] = [];
  const byKey = new Map<string, Diagnostic>();
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    let which: 'value' | 'key' = 'value';
    let where = path;
    let message: string;
    let hint: string | undefined;
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String(e.params['additionalProperty']);
        where = [...path, prop];
        which = 'key';
        message = `unknown field "${prop}"${path.length ? ` in ${describe(path)}` : ''}`;
        const allowed = allowedProperties(e);
        if (allowed.length) {
          const near = closest(prop, allowed);
          hint = near ? `did you mean "${near}"? allowed: ${allowed.join(', ')}` : `allowed: ${allowed.join(', ')}`;
        }
        break;
      }
      case 'required':
        message = `missing required field "${String(e.params['missingProperty'])}"${path.length ? ` in ${describe(path)}` : ''}`;
        break;
      case 'type':
        message = `${describe(path)} must be ${String(e.params['type'])}, got ${typeName(valueAt(doc.value, path))}`;
        break;
      case 'enum':
        message = `${describe(path)} must be one of: ${(e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'pattern':
        // What was written where a secret's variable name (or a secret) goes may be the secret.
        // A URL's password or token is masked as in a quoted line.
        message = quotable(path)
          ? `${describe(path)} ${redactLine(JSON.stringify(valueAt(doc.value, path)) ?? '').text} does not match the expected form`
          : `${describe(path)} does not match the expected form (its value is not repeated here: it may be a secret)`;
        hint =
          e.parentSchema && typeof e.parentSchema === 'object' && 'description' in e.parentSchema
            ? String((e.parentSchema as { description: unknown }).description)
            : `pattern ${String(e.params['pattern'])}`;
        break;
      default:
        message = `${describe(path)} ${e.message ?? 'is invalid'}`;
    }
    const pos = doc.locate(where, which);
    const key = `${pos.line}:${pos.column}:${message}`;
    const property =
      e.keyword === 'required'
        ? String(e.params['missingProperty'])
        : e.keyword === 'additionalProperties'
          ? String(e.params['additionalProperty'])
          : undefined;
    const fault = (diagnostic: Diagnostic): ShapeFault =>
      property === undefined ? { path, keyword: e.keyword, diagnostic } : { path, keyword: e.keyword, property, diagnostic };
    const known = byKey.get(key);
    if (known) {
      faults.push(fault(known));
      continue;
    }
    const d: Diagnostic = { code, file: doc.file, line: pos.line, column: pos.column, message };
    if (hint) d.hint = hint;
    byKey.set(key, d);
    faults.push(fault(d));
    out.push(d);
  }
  return { diagnostics: out, faults };
}

function quotable(path: PathSegment[]): boolean {
  const key = String(path[path.length - 1] ?? '');
  return !isCredentialName(key) && !/_env$/i.test(key);
}

// oneOf/anyOf produce an error per branch; the branch errors are more useful than the
// summary, and a "type" error on a branch that was never meant is noise when another
// branch got further.
function pruneErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const deepest = new Map<string, number>();
  for (const e of specific) {
    const depth = e.schemaPath.split('/').length;
    if (e.keyword !== 'type') deepest.set(e.instancePath, Math.max(deepest.get(e.instancePath) ?? 0, depth));
  }
  const kept = specific.filter((e) => !(e.keyword === 'type' && deepest.has(e.instancePath) && hasSibling(specific, e)));
  // oneOf [boolean, object] fails twice on a string: say "boolean or object" once.
  const typeAt = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of kept) {
    if (e.keyword !== 'type') {
      out.push(e);
      continue;
    }
    const first = typeAt.get(e.instancePath);
    if (!first) {
      const copy = { ...e, params: { ...e.params } };
      typeAt.set(e.instancePath, copy);
      out.push(copy);
    } else if (!String(first.params['type']).split(' or ').includes(String(e.params['type']))) {
      first.params['type'] = `${String(first.params['type'])} or ${String(e.params['type'])}`;
    }
  }
  return out;
}

function hasSibling(errors: ErrorObject[], e: ErrorObject): boolean {
  return errors.some((o) => o !== e && o.keyword !== 'type' && o.instancePath === e.instancePath);
}

function allowedProperties(e: ErrorObject): string[] {
  const ps = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return ps?.properties ? Object.keys(ps.properties) : [];
}

export function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => {
      const un = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(un) ? Number(un) : un;
    });
}

function describe(path: PathSegment[]): string {
  if (!path.length) return 'the document';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let v = root;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s as string] : undefined;
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: skip the quadratic work for words
    // that cannot be near (a 1 MiB "metric" took seconds against every catalog name).
    if (Math.abs(word.length - c.length) > limit) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
