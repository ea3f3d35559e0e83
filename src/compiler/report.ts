// Collects diagnostics for one rule file, turning a path in the YAML into file:line:column.
// Every code is one of the closed list in codes.ts.
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { RuleCode } from './codes.js';
import type { PathSegment, Position, YamlDocument } from '../yaml/source.js';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  // Counted as they come: a file may have thousands, and the checker asks per alert.
  private errorCount = 0;
  constructor(readonly doc: YamlDocument) {}

  /** How many of the diagnostics so far are errors. */
  get errors(): number {
    return this.errorCount;
  }

  error(code: RuleCode, path: readonly PathSegment[], message: string, hint?: string, which: 'value' | 'key' = 'value'): void {
    this.at(code, this.doc.locate(path, which), message, hint, 'error');
  }

  warn(code: RuleCode, path: readonly PathSegment[], message: string, hint?: string): void {
    this.at(code, this.doc.locate(path), message, hint, 'warning');
  }

  at(code: RuleCode, p: Position, message: string, hint: string | undefined, severity: 'error' | 'warning'): void {
    const d: Diagnostic = { code, file: this.doc.file, line: p.line, column: p.column, message };
    if (hint) d.hint = hint;
    if (severity === 'warning') d.severity = 'warning';
    else this.errorCount++;
    this.diagnostics.push(d);
  }
}

export const isError = (d: Diagnostic): boolean => (d.severity ?? 'error') === 'error';
