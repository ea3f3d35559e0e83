import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startVigilProcess } from '../support/vigil-process.js';

// A section's runtime modules (the probers, the process reader, the log tailers) and the web
// pieces (bcrypt, TLS, node:https) are imported only when the config asks for them: each costs resident
// memory that an exporter on the built-in defaults does not need (issue 14's 80 MB goal).
const REGISTER = fileURLToPath(new URL('../support/module-log/register.mjs', import.meta.url));
const RUNTIME_MODULES = [
  'dist/probes/runner.js',
  'dist/probes/http.js',
  'dist/probes/postgres.js',
  'dist/processes/collector.js',
  'dist/logs/collector.js',
  'dist/logs/tail.js',
  'dist/web/auth.js',
  'dist/web/tls.js',
  'node:https',
  'node:child_process',
];

const dir = mkdtempSync(join(tmpdir(), 'vigil-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The runtime modules among those a `vigil serve` with these arguments loaded by its first scrape. */
async function runtimeModulesLoaded(name: string, args: string[]): Promise<string[]> {
  const log = join(dir, `${name}.modules`);
  writeFileSync(log, '');
  const vigil = await startVigilProcess(args, { NODE_OPTIONS: `--import ${REGISTER}`, VIGIL_MODULE_LOG: log });
  try {
    const r = await fetch(`${vigil.url}/metrics`);
    expect(r.status).toBe(200);
    await r.text();
  } finally {
    await vigil.stop();
  }
  const loaded = readFileSync(log, 'utf8').split('\n');
  // The hook saw vigil's own start: without this an empty log would pass the first test.
  expect(loaded.some((u) => u.endsWith('dist/cli.js'))).toBe(true);
  return RUNTIME_MODULES.filter((m) => loaded.some((u) => u.endsWith(m)));
}

describe('modules loaded by what the config asks for', () => {
  it('the built-in defaults load no prober, process reader, log tailer, bcrypt or TLS module', async () => {
    expect(await runtimeModulesLoaded('defaults', [])).toEqual([]);
  });

  it('a config file with empty sections loads none of them either', async () => {
    const file = join(dir, 'empty.yml');
    writeFileSync(file, 'probes: []\nprocess_names: []\nlogs: []\n');
    expect(await runtimeModulesLoaded('empty', ['--config', file])).toEqual([]);
  });

  it('a config with a probe, a process group and an access log loads their modules, and no web module', async () => {
    const file = join(dir, 'full.yml');
    writeFileSync(
      file,
      [
        'probes:',
        '  - {name: web, kind: http, url: "http://127.0.0.1:1/", timeout: 1s}',
        'process_names:',
        '  - {name: "{{.Comm}}", comm: [node]}',
        'logs:',
        `  - {name: web, path: ${join(dir, 'access.log')}, format: combined}`,
        '',
      ].join('\n'),
    );
    const loaded = await runtimeModulesLoaded('full', ['--config', file]);
    expect(loaded).toEqual(
      expect.arrayContaining(['dist/probes/runner.js', 'dist/probes/http.js', 'dist/processes/collector.js', 'dist/logs/collector.js']),
    );
    // Still no bcrypt or TLS: there is no web config.
    expect(loaded.filter((m) => m.startsWith('dist/web/'))).toEqual([]);
  });
});
