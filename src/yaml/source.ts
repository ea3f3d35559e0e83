// js-yaml returns plain values and forgets where they came from. Its `listener` hook reports
// every node it opens and closes; from those events we rebuild a position tree so that a
// validation error on `/probes/2/timeout` can point at the line a person wrote it on.
import yaml from 'js-yaml';
import { DiagnosticError, type Diagnostic } from './diagnostic.js';
import { computeLineStarts, withoutBom } from './lines.js';

export type PathSegment = string | number;

interface PosNode {
  start: number;
  end: number;
  kind: string;
  result: unknown;
  children: PosNode[];
}

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export interface YamlDocument {
  file: string;
  /** The text positions refer to: the file's text without a leading byte order mark. */
  text: string;
  value: unknown;
  /** Position of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: readonly PathSegment[], which?: 'value' | 'key'): Position;
}

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
  /** How many values aliases may add to the document once expanded (a few aliases nested
   * inside each other multiply: nine levels of nine make 387 million). */
  maxAliasExpansion: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64, maxAliases: 100, maxAliasExpansion: 100_000 };

export function parseYaml(source: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlDocument {
  // js-yaml drops a leading byte order mark and reports offsets without it; so do we, or every
  // position would be one character off.
  const text = withoutBom(source);
  const lineStarts = computeLineStarts(text);
  const toPos = (offset: number): Position => offsetToPosition(lineStarts, Math.max(0, Math.min(offset, text.length)));
  const fail = (code: string, message: string, offset: number, hint?: string): never => {
    const p = toPos(offset);
    const d: Diagnostic = { code, file, line: p.line, column: p.column, message };
    if (hint) d.hint = hint;
    throw new DiagnosticError([d]);
  };

  if (Buffer.byteLength(source) > limits.maxBytes) {
    fail('yaml-too-large', `file is ${Buffer.byteLength(source)} bytes, more than the limit of ${limits.maxBytes}`, 0);
  }
  // Anchor bombs expand exponentially through aliases; a config never needs many of them.
  const aliases = aliasOffsets(text);
  if (aliases.length > limits.maxAliases) {
    fail(
      'yaml-too-many-aliases',
      `file uses ${aliases.length} aliases, more than the limit of ${limits.maxAliases}`,
      aliases[limits.maxAliases]!,
      'write the values out, or split the file',
    );
  }

  const stack: PosNode[] = [{ start: 0, end: text.length, kind: 'root', result: undefined, children: [] }];
  let depth = 0;
  let value: unknown;
  try {
    const docs = yaml.loadAll(text, undefined, {
      filename: file,
      json: false,
      listener(event, state) {
        if (event === 'open') {
          depth++;
          const start = skipBlank(text, state.position);
          if (depth > limits.maxDepth) {
            fail(
              'yaml-too-deep',
              `YAML is nested deeper than ${limits.maxDepth} levels`,
              start,
              'a rule file needs a handful of levels; flatten the structure',
            );
          }
          stack.push({ start, end: -1, kind: '', result: undefined, children: [] });
          return;
        }
        depth--;
        const node = stack.pop()!;
        node.end = state.position;
        node.kind = state.kind ?? '';
        node.result = state.result;
        stack[stack.length - 1]!.children.push(collapse(node));
      },
    });
    if (docs.length > 1) {
      const second = stack[0]!.children[1];
      fail(
        'yaml-multiple-documents',
        `expected one YAML document, found ${docs.length}`,
        second ? second.start : 0,
        'remove the extra `---` separators',
      );
    }
    value = docs[0];
  } catch (err) {
    if (err instanceof DiagnosticError) throw err;
    if (err instanceof yaml.YAMLException) {
      // The mark's offset, through our line table: js-yaml's own line and column miss a NUL's
      // line, and its end-of-input mark sits on a newline it appended to the text.
      const mark = (err as yaml.YAMLException & { mark?: { position?: number } }).mark;
      const reason = (err as yaml.YAMLException & { reason?: string }).reason ?? err.message;
      fail(
        'yaml-syntax',
        `YAML syntax error: ${reason}`,
        mark?.position ?? 0,
        'check indentation, quoting and that every mapping key is followed by ": "',
      );
    }
    if (err instanceof RangeError) {
      throw new DiagnosticError([{ code: 'yaml-too-deep', file, line: 1, column: 1, message: 'YAML is nested too deeply' }]);
    }
    throw err;
  }

  if (aliases.length) {
    const added = aliasExpansion(value);
    if (added > limits.maxAliasExpansion) {
      fail(
        'yaml-too-many-aliases',
        `aliases expand the file by ${added.toLocaleString('en')} values, more than the limit of ${limits.maxAliasExpansion.toLocaleString('en')}`,
        aliases[0]!,
        'aliases of aliases multiply; write the values out',
      );
    }
  }

  const root = stack[0]!.children[0];
  return {
    file,
    text,
    value,
    locate(path, which = 'value') {
      const n = root ? find(root, path, which) : undefined;
      return toPos(n ? n.start : 0);
    },
  };
}

// A node that only wraps one child with the same value is js-yaml trying an implicit key and
// backing out; keep the child, which has the exact span.
function collapse(node: PosNode): PosNode {
  if (node.children.length === 1) {
    const only = node.children[0]!;
    if (only.result === node.result) return only;
  }
  return node;
}

function find(node: PosNode, path: readonly PathSegment[], which: 'value' | 'key'): PosNode {
  let current = node;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    let next: PosNode | undefined;
    if (current.kind === 'mapping') {
      for (let k = 0; k + 1 < current.children.length; k += 2) {
        const key = current.children[k]!;
        if (String(key.result) === String(seg)) {
          next = last && which === 'key' ? key : current.children[k + 1]!;
          break;
        }
      }
    } else if (current.kind === 'sequence' && typeof seg === 'number') {
      next = current.children[seg];
    }
    if (!next) return current;
    current = next;
  }
  return current;
}

function skipBlank(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    break;
  }
  return i;
}

/** Offsets of the `*name` tokens, found outside quoted scalars closely enough for a limit. */
function aliasOffsets(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(^|[\s,[{:-])\*[^\s,\]}]+/g)) out.push(m.index + m[1]!.length);
  return out;
}

/**
 * How many values the document has beyond those written in the text: js-yaml shares an
 * aliased value rather than copying it, but everything that walks the value (the schema check,
 * JSON.stringify, the compiler) sees every copy. Sizes are memoised per shared value, so this
 * visits each written value once, without recursion.
 */
function aliasExpansion(root: unknown): number {
  const size = new Map<object, number>();
  let written = 0;
  const children = (v: object): unknown[] => (Array.isArray(v) ? v : Object.values(v));
  const isContainer = (v: unknown): v is object => {
    if (!v || typeof v !== 'object') return false;
    const proto = Object.getPrototypeOf(v) as unknown;
    return Array.isArray(v) || proto === Object.prototype || proto === null;
  };
  if (!isContainer(root)) return 0;
  const stack: { v: object; entered: boolean }[] = [{ v: root, entered: false }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (size.has(top.v)) {
      stack.pop();
      continue;
    }
    const kids = children(top.v);
    if (!top.entered) {
      top.entered = true;
      written += 1;
      for (const k of kids) {
        if (!isContainer(k)) written += 1;
        else if (!size.has(k)) stack.push({ v: k, entered: false });
      }
      continue;
    }
    let n = 1;
    for (const k of kids) n += isContainer(k) ? (size.get(k) ?? 0) : 1;
    size.set(top.v, n);
    stack.pop();
  }
  return size.get(root)! - written;
}

function offsetToPosition(lineStarts: number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
