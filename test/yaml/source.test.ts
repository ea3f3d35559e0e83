import { describe, expect, it } from 'vitest';
import { DiagnosticError, formatDiagnostic, quoteWindow } from '../../src/yaml/diagnostic.js';
import { parseYaml } from '../../src/yaml/source.js';

function codeOf(fn: () => unknown): { code: string; line: number; column: number } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DiagnosticError) {
      const d = err.diagnostics[0]!;
      return { code: d.code, line: d.line, column: d.column };
    }
    throw err;
  }
  throw new Error('expected a DiagnosticError');
}

describe('YAML positions', () => {
  const text = [
    'listen: ":9469"', // 1
    'collectors:', // 2
    '  filesystem:', // 3
    '    # a comment', // 4
    '    mount_points_exclude: x', // 5
    'probes:', // 6
    '  - name: api', // 7
    '    url: http://x', // 8
    '  - {name: db, port: 5432}', // 9
    '',
  ].join('\n');
  const doc = parseYaml(text, 'c.yaml');

  it('locates mapping values, keys, sequence items and flow mappings', () => {
    expect(doc.locate(['listen'])).toEqual({ line: 1, column: 9 });
    expect(doc.locate(['collectors', 'filesystem', 'mount_points_exclude'])).toEqual({ line: 5, column: 27 });
    expect(doc.locate(['collectors', 'filesystem', 'mount_points_exclude'], 'key')).toEqual({ line: 5, column: 5 });
    expect(doc.locate(['probes', 0, 'url'])).toEqual({ line: 8, column: 10 });
    expect(doc.locate(['probes', 1])).toEqual({ line: 9, column: 5 });
    expect(doc.locate(['probes', 1, 'port'])).toEqual({ line: 9, column: 22 });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(doc.locate(['probes', 0, 'missing'])).toEqual({ line: 7, column: 5 });
  });

  it('reports syntax errors with line and column', () => {
    expect(codeOf(() => parseYaml('a: 1\nb: [1, 2\n', 'x.yaml'))).toMatchObject({ code: 'yaml-syntax', line: 3 });
    expect(codeOf(() => parseYaml('a: 1\n  b: 2\n', 'x.yaml'))).toMatchObject({ code: 'yaml-syntax', line: 2 });
  });

  it('rejects several documents, pointing at the second', () => {
    expect(codeOf(() => parseYaml('a: 1\n---\nb: 2\n', 'x.yaml'))).toEqual({ code: 'yaml-multiple-documents', line: 3, column: 1 });
  });

  it('rejects anchor bombs quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 30; i++)
      lines.push(
        `${String.fromCharCode(97 + (i % 26))}${i}: &a${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*a${i - 1}`)
          .join(',')}]`,
      );
    const started = Date.now();
    expect(codeOf(() => parseYaml(lines.join('\n'), 'bomb.yaml')).code).toBe('yaml-too-many-aliases');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('rejects deep nesting', () => {
    expect(codeOf(() => parseYaml('['.repeat(200) + ']'.repeat(200), 'deep.yaml')).code).toMatch(/yaml-(too-deep|syntax)/);
  });

  it('quotes a window of an overlong line, with the caret still under the column', () => {
    const line = `${'a'.repeat(5000)}X${'b'.repeat(5000)}`;
    const q = quoteWindow(line, 5001);
    expect(q.text.length).toBeLessThanOrEqual(162);
    expect(q.text[q.caret]).toBe('X');
    expect(q.text.startsWith('…') && q.text.endsWith('…')).toBe(true);
    const start = quoteWindow(line, 3);
    expect(start.text[start.caret]).toBe('a');
    expect(start.caret).toBe(2);
    const end = quoteWindow(`${line}Z`, line.length + 1);
    expect(end.text[end.caret]).toBe('Z');
    const out = formatDiagnostic({ code: 'x', file: 'f.yaml', line: 1, column: 5001, message: 'm'.repeat(10_000) }, line);
    expect(out.length).toBeLessThan(1_000);
    expect(out).toContain('(9700 more characters)');
  });

  it('prints the offending line with a caret under the column', () => {
    const out = formatDiagnostic({ code: 'x', file: 'f.yaml', line: 2, column: 4, message: 'bad', hint: 'fix it' }, 'a: 1\nbb: 2\n');
    expect(out).toBe('f.yaml:2:4: error x: bad\n  bb: 2\n     ^\n  hint: fix it');
  });
});
