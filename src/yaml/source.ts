import yaml from 'js-yaml';
import { DiagnosticError, type Diagnostic } from './diagnostic.js';

// js-yaml returns plain values and forgets where they came from. Its `listener` hook reports
// every node it opens and closes; from those events we rebuild a position tree so that a
// validation error on `/probes/2/timeout` can point at the line a person wrote it on.

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
  text: string;
  value: unknown;
  /** Position of the value at `path`, or of its nearest ancestor that exists. */
  locate(path: readonly PathSegment[], which?: 'value' | 'key'): Position;
}

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64, maxAliases: 100 };

export function parseYaml(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlDocument {
  const lineStarts = computeLineStarts(text);
  const toPos = (offset: number): Position => offsetToPosition(lineStarts, offset);
  const fail = (code: string, message: string, offset: number, hint?: string): never => {
    const p = toPos(offset);
    const d: Diagnostic = { code, file, line: p.line, column: p.column, message };
    if (hint) d.hint = hint;
    throw new DiagnosticError([d]);
  };

  if (Buffer.byteLength(text) > limits.maxBytes) {
    fail('yaml-too-large', `file is ${Buffer.byteLength(text)} bytes, more than the limit of ${limits.maxBytes}`, 0);
  }
  // Anchor bombs expand exponentially through aliases; a config never needs many of them.
  const aliasCount = countAliases(text);
  if (aliasCount > limits.maxAliases) {
    fail('yaml-too-many-aliases', `file uses ${aliasCount} aliases, more than the limit of ${limits.maxAliases}`, 0,
      'write the values out, or split the file');
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
          if (depth > limits.maxDepth) {
            throw new yaml.YAMLException(`nesting deeper than ${limits.maxDepth} levels`);
          }
          stack.push({ start: skipBlank(text, state.position), end: -1, kind: '', result: undefined, children: [] });
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
      fail('yaml-multiple-documents', `expected one YAML document, found ${docs.length}`, second ? second.start : 0,
        'remove the extra `---` separators');
    }
    value = docs[0];
  } catch (err) {
    if (err instanceof DiagnosticError) throw err;
    if (err instanceof yaml.YAMLException) {
      const mark = (err as yaml.YAMLException & { mark?: { line: number; column: number } }).mark;
      const reason = (err as yaml.YAMLException & { reason?: string }).reason ?? err.message;
      throw new DiagnosticError([{
        code: 'yaml-syntax', file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1,
        message: `YAML syntax error: ${reason}`,
        hint: 'check indentation, quoting and that every mapping key is followed by ": "',
      }]);
    }
    if (err instanceof RangeError) {
      throw new DiagnosticError([{ code: 'yaml-too-deep', file, line: 1, column: 1, message: 'YAML is nested too deeply' }]);
    }
    throw err;
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
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    break;
  }
  return i;
}

function countAliases(text: string): number {
  // Counts `*name` tokens outside quoted scalars closely enough for a limit.
  const m = text.match(/(^|[\s,[{:-])\*[^\s,\]}]+/g);
  return m ? m.length : 0;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetToPosition(lineStarts: number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
