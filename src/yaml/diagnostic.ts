// One shape for every user-facing problem: a code a test can assert on, a position a person
// can jump to, and a hint that says what would have been accepted.
import { splitLines } from './lines.js';

export interface Diagnostic {
  code: string;
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
}

export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity ?? 'error'} ${d.code}: ${d.message}`;
  const lines = [head];
  if (source !== undefined) {
    const text = splitLines(source)[d.line - 1];
    if (text !== undefined) {
      lines.push(`  ${text}`);
      lines.push(`  ${' '.repeat(Math.max(0, d.column - 1))}^`);
    }
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}
