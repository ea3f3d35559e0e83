import { execFileSync } from 'node:child_process';
import { findExecutable } from '../../src/cli/find-tool.js';

// Tests that need a real Prometheus tool ask for it here. Under CI=true a missing tool is a
// failure (the CI script must install it); on a developer machine the test is skipped and
// the reason, with the Debian package to install, is printed so it cannot pass unnoticed.

const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

export function findTool(name: string): string | undefined {
  return findExecutable(name, EXTRA_DIRS);
}

export interface ToolCheck {
  path: string | undefined;
  /** Pass to `it.skipIf(...)`; in CI a missing tool throws instead of skipping. */
  missing: boolean;
}

export function tool(name: string, debianPackage: string): ToolCheck {
  const path = findTool(name);
  if (!path) {
    const msg = `${name} not found: install the Debian package "${debianPackage}" (apt-get install ${debianPackage})`;
    if (process.env['CI'] === 'true') throw new Error(`${msg}; CI must install it`);
    console.warn(`SKIPPING tests that need ${msg}`);
  }
  return { path, missing: !path };
}

export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; cwd?: string; timeoutMs?: number } = {},
): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(cmd, args, {
      input: opts.input,
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 60_000,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
