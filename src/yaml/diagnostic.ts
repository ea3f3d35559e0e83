// One shape for every user-facing problem: a code a test can assert on, a position a person
// can jump to, and a hint that says what would have been accepted.
import { splitLines } from './lines.js';
import { redactLine } from './redact.js';

export interface Diagnostic {
  code: string;
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
  /** Where values known to be secret start (beyond what redactLine finds by itself), so a
   * quoted line masks them. */
  secrets?: { line: number; column: number }[];
}

export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

// A hostile or generated file can hold a line or a value of megabytes; the report quotes a
// window of it around the column, and the start of an overlong message.
const QUOTE_WIDTH = 160;
const QUOTE_BEFORE = 60;
const MESSAGE_MAX = 400;
const MESSAGE_KEEP = 300;

/** The part of a line a diagnostic shows, and where its caret goes in that part (0-based). */
export function quoteWindow(text: string, column: number): { text: string; caret: number } {
  const at = Math.max(0, column - 1);
  if (text.length <= QUOTE_WIDTH) return { text, caret: at };
  const start = Math.max(0, Math.min(at - QUOTE_BEFORE, text.length - QUOTE_WIDTH));
  const end = Math.min(text.length, start + QUOTE_WIDTH);
  const lead = start > 0 ? '…' : '';
  return { text: `${lead}${text.slice(start, end)}${end < text.length ? '…' : ''}`, caret: lead.length + at - start };
}

function clipMessage(message: string): string {
  if (message.length <= MESSAGE_MAX) return message;
  return `${message.slice(0, MESSAGE_KEEP)}… (${message.length - MESSAGE_KEEP} more characters)`;
}

export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity ?? 'error'} ${d.code}: ${clipMessage(d.message)}`;
  const lines = [head];
  if (source !== undefined) {
    const text = splitLines(source)[d.line - 1];
    if (text !== undefined) {
      // Secrets are masked; the caret still points at what it pointed at.
      const known = (d.secrets ?? []).filter((s) => s.line === d.line).map((s) => s.column);
      const masked = redactLine(text, known);
      const q = quoteWindow(masked.text, masked.column(d.column));
      lines.push(`  ${q.text}`);
      lines.push(`  ${' '.repeat(q.caret)}^`);
    }
  }
  if (d.hint) lines.push(`  hint: ${clipMessage(d.hint)}`);
  return lines.join('\n');
}
