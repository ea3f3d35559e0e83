// Points a regex fault at its character in vigil.yml, not just at the start of the value.
import type { PathSegment, Position, YamlDocument } from '../yaml/source.js';

/**
 * Where character `offset` of the string at `path` was written in the file. Exact when the
 * scalar's text up to there is the value verbatim (plain, or quoted without escapes before
 * that point); otherwise the start of the value, which is still the right line.
 */
export function locateInString(doc: YamlDocument, path: readonly PathSegment[], value: string, offset: number): Position {
  const at = doc.locate(path);
  if (offset <= 0) return at;
  const line = lineAt(doc.text, at.line);
  const start = at.column - 1;
  const quote = line[start] === "'" || line[start] === '"' ? 1 : 0;
  if (line.slice(start + quote, start + quote + offset) !== value.slice(0, offset)) return at;
  return { line: at.line, column: at.column + quote + offset };
}

function lineAt(text: string, line: number): string {
  let from = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) return '';
    from = nl + 1;
  }
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? undefined : end).replace(/\r$/, '');
}
