// vigil's version, as `vigil --version`, vigil_build_info and the landing page report it.
import { readFileSync } from 'node:fs';

// package.json is the one place the version is written; dist/ sits beside it.
function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION = readVersion();
