// The house as described: every file of src/ opens with a comment saying what it is for, the
// README's layout names every folder of src/, and every src/... path the README and docs/ name
// exists. Cheap checks that keep the descriptions from drifting while the code moves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function walk(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [dir];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = walk(p);
      files.push(...sub.files);
      dirs.push(...sub.dirs);
    } else {
      files.push(p);
    }
  }
  return { files, dirs };
}

const src = walk(join(ROOT, 'src'));
const rel = (p: string) => relative(ROOT, p).split('\\').join('/');

/** The first line of text after an optional shebang, or undefined for an empty file. */
function openingLine(text: string): string | undefined {
  const lines = text.split('\n');
  const from = lines[0]?.startsWith('#!') ? 1 : 0;
  return lines
    .slice(from)
    .find((l) => l.trim() !== '')
    ?.trim();
}

/** Whether a file's text opens with a comment that holds words (not a bare `//`). */
function opensWithComment(text: string): boolean {
  const first = openingLine(text);
  if (first === undefined) return false;
  const m = /^(?:\/\/|\/\*\*?)\s*(.*)$/.exec(first);
  return m !== null && /[A-Za-z`]{2}/.test(m[1]!);
}

/** Every `src/...` path a Markdown text names, with trailing sentence punctuation removed. */
function srcPathsIn(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/(?<![\w./-])src\/[\w./*<>-]*/g)) out.add(m[0].replace(/[.,:;]+$/, ''));
  return [...out];
}

/** Whether a named path exists: placeholders (`<name>`) stand for any one entry, `*` for any text. */
function pathExists(path: string): boolean {
  if (!/[<*]/.test(path)) return existsSync(join(ROOT, path));
  const pattern = new RegExp(
    `^${path
      .split(/(<[^>]*>|\*)/)
      .map((part) => (/^(<[^>]*>|\*)$/.test(part) ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return src.files.concat(src.dirs).some((p) => pattern.test(rel(p)) || pattern.test(`${rel(p)}/`));
}

describe('the checks themselves', () => {
  it('tell a comment with words from code, a bare // and an empty file', () => {
    expect(opensWithComment('#!/usr/bin/env node\n// The vigil command.\nimport x from "y";\n')).toBe(true);
    expect(opensWithComment('\n/** What one line says. */\nexport interface A {}\n')).toBe(true);
    expect(opensWithComment('import x from "y";\n// a comment after the imports\n')).toBe(false);
    expect(opensWithComment('//\nimport x from "y";\n')).toBe(false);
    expect(opensWithComment('')).toBe(false);
  });
  it('find src/ paths in prose and leave the sentence around them', () => {
    expect(srcPathsIn('see `src/probes/runner.ts`. And src/compiler/watch/, then x/src/no')).toEqual([
      'src/probes/runner.ts',
      'src/compiler/watch/',
    ]);
  });
  it('read placeholders and globs as any entry', () => {
    expect(pathExists('src/collectors/<name>.ts')).toBe(true);
    expect(pathExists('src/compiler/emit-*.ts')).toBe(true);
    expect(pathExists('src/compiler/no-such-*.ts')).toBe(false);
    expect(pathExists('src/no-such-folder/')).toBe(false);
  });
});

describe('the house described', () => {
  it('every file under src/ opens with a comment that says what it is for', () => {
    const bare = src.files.filter((f) => !opensWithComment(readFileSync(f, 'utf8'))).map(rel);
    expect(bare).toEqual([]);
  });

  it('the README layout names every folder under src/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Repository layout'));
    expect(layout.length).toBeLessThan(readme.length);
    const named = new Set(srcPathsIn(layout).map((p) => p.replace(/\/?$/, '/')));
    const missing = src.dirs.map((d) => `${rel(d)}/`).filter((d) => !named.has(d));
    expect(missing).toEqual([]);
  });

  it('the README layout names the room of each new part in one line', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const rooms: [string, string][] = [
      ['A new collector', 'src/collectors/'],
      ['A new prober', 'src/probes/'],
      ['A new config section', 'src/sections/'],
      ['A new watch kind', 'src/compiler/watch/'],
      ['A new judge', 'src/compiler/judges/'],
      ['A new emitter', 'src/compiler/emit-'],
    ];
    for (const [room, folder] of rooms) {
      const line = readme.split('\n').find((l) => l.includes(`**${room}**`));
      expect(line, room).toBeDefined();
      expect(line, room).toContain(folder);
    }
  });

  const docs = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  for (const doc of docs) {
    it(`every src/ path ${doc} names exists`, () => {
      const paths = srcPathsIn(readFileSync(join(ROOT, doc), 'utf8'));
      expect(paths.filter((p) => !pathExists(p))).toEqual([]);
    });
  }
});
