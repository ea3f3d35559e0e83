// Finds promtool and the other Prometheus tools the compiler's commands and the tests run.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The path of an executable on PATH (then in `extraDirs`), or undefined. */
export function findExecutable(name: string, extraDirs: readonly string[] = ['/usr/bin', '/usr/local/bin']): string | undefined {
  for (const d of [...(process.env['PATH'] ?? '').split(delimiter), ...extraDirs]) {
    if (!d) continue;
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
