// Scratch host trees for collector tests: a procfs/sysfs/rootfs laid out from a path → content
// list, removed (with any files a collector keeps open) after each test of the file using it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import type { HostPaths } from '../../src/collectors/paths.js';
import { releaseKeptFiles } from '../../src/collectors/read.js';

const trees: string[] = [];
// Registered when a test file imports this module (vitest evaluates it afresh per file).
afterEach(() => {
  releaseKeptFiles();
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A host tree of `files` (paths under the root: sys/..., proc/...); sys/ and proc/ always exist. */
export function hostTree(files: Record<string, string>, prefix = 'vigil-tree-'): HostPaths {
  const root = mkdtempSync(join(tmpdir(), prefix));
  trees.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(join(root, 'sys'), { recursive: true });
  mkdirSync(join(root, 'proc'), { recursive: true });
  return { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: root };
}
