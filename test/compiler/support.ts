// Shared helpers of the compiler tests: golden cases on disk, compiling a directory of rule
// files the way `vigil compile` does, and a scratch directory that is always removed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { compile, type OutputFormat } from '../../src/compiler/pipeline.js';
import type { SourceFile } from '../../src/compiler/load.js';

export const GOLDEN_DIR = new URL('./golden/', import.meta.url).pathname;
export const INVALID_DIR = new URL('./invalid/', import.meta.url).pathname;
export const REPO = new URL('../../', import.meta.url).pathname;
export const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** A golden case compiles as if its input were rules/<case>.yaml. */
export function goldenSource(name: string): SourceFile {
  return { path: `rules/${name}.yaml`, text: readFileSync(join(GOLDEN_DIR, name, 'input.yaml'), 'utf8') };
}

export function compileSources(sources: SourceFile[], format: OutputFormat = 'prometheus') {
  return compile(sources, format);
}

export function scratch(prefix = 'vigil-compiler-'): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For tests that run the commands: each test gets a fresh scratch directory (`tmp.dir`) and the
 * lines the command printed (`out`, `err`); the objects stay the same, their contents are new.
 */
export function commandSession(): { tmp: { dir: string }; out: string[]; err: string[] } {
  const session = { tmp: { dir: '' }, out: [] as string[], err: [] as string[] };
  let done = () => {};
  beforeEach(() => {
    const t = scratch();
    session.tmp.dir = t.dir;
    done = t.done;
    session.out.length = 0;
    session.err.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      session.out.push(a.join(' '));
    });
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      session.err.push(a.join(' '));
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    done();
  });
  return session;
}
