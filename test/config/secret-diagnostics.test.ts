// Inline secrets are refused without being printed back: not in the quoted line or message
// of a diagnostic, not in the log, not in the answer to POST /-/reload (which needs no
// authentication unless a web config sets it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseWebConfig } from '../../src/web/load.js';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from '../../src/yaml/diagnostic.js';
import { MASK } from '../../src/yaml/redact.js';
import { CLI, startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// Every secret below is unique, so any trace of it in output is a leak.
const SECRETS = [
  'Sk-Url-Pass',
  'Tok-Query-1',
  'Bearer-Hdr-2',
  'Sess-Hdr-3',
  'PrivKey-4',
  'Env-Inline-5!',
  'lowercasepw6',
  'Redis-Pw-7',
  'Alice-Plain-8',
  'Pw-Ftp-9',
  'Tok-Ftp-10',
];

const CONFIG = [
  'probes:',
  '  - name: api', // 2
  '    kind: http', // 3
  '    url: "http://bob:Sk-Url-Pass@127.0.0.1:1/?access_token=Tok-Query-1"', // 4
  '    headers:', // 5
  '      Authorization: Bearer Bearer-Hdr-2', // 6
  '      X-Session: Sess-Hdr-3', // 7
  "      'Private-Key': PrivKey-4", // 8
  '  - {name: a, kind: redis, host: h, port: 1, password_env: lowercasepw6}', // 9
  '',
].join('\n');

function diagnosticsOf(fn: () => unknown): { ds: Diagnostic[]; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DiagnosticError) return { ds: err.diagnostics, message: err.message };
    throw err;
  }
  throw new Error('expected diagnostics');
}

function expectNoSecret(text: string): void {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

/** The quoted line and the caret line of one formatted diagnostic. */
function quote(formatted: string): { line: string; caret: number } {
  const [, line, caret] = formatted.split('\n');
  return { line: line!, caret: caret!.indexOf('^') };
}

describe('diagnostics about inline secrets', () => {
  it('refuses X-Session and Private-Key headers and an access_token query, at their positions', () => {
    const { ds } = diagnosticsOf(() => parseConfig(CONFIG, 'vigil.yml'));
    const at = ds.map((d) => [d.code, d.line, d.column]);
    expect(at).toEqual(
      expect.arrayContaining([
        ['probe-inline-secret', 4, 10], // userinfo
        ['probe-inline-secret', 6, 22],
        ['probe-inline-secret', 7, 18],
        ['probe-inline-secret', 8, 22],
        ['probe-secret-env-unset', 9, 60],
      ]),
    );
    expect(ds.filter((d) => d.line === 4).map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining('access_token')]));
  });

  it('masks every secret in the quoted line and message, keeping position and caret on the value', () => {
    const { ds, message } = diagnosticsOf(() => parseConfig(CONFIG, 'vigil.yml'));
    expectNoSecret(message);
    for (const d of ds) {
      const out = formatDiagnostic(d, CONFIG);
      expectNoSecret(out);
      expect(out.startsWith(`vigil.yml:${d.line}:${d.column}: error ${d.code}:`)).toBe(true);
      const q = quote(out);
      expect(q.line).toContain(MASK);
      // The caret sits under the value's first character: the mask, or the URL it is in.
      const under = q.line.slice(q.caret);
      expect(under.startsWith(MASK) || under.startsWith('"http://bob:')).toBe(true);
    }
    const header = formatDiagnostic(
      ds.find((d) => d.line === 6)!,
      CONFIG,
    );
    expect(quote(header).line).toBe(`        Authorization: ${MASK}`);
    const url = formatDiagnostic(
      ds.find((d) => d.line === 4)!,
      CONFIG,
    );
    expect(quote(url).line).toBe(`      url: "http://bob:${MASK}@127.0.0.1:1/?access_token=${MASK}"`);
  });

  it('does not repeat a secret put where a variable name goes, written as password:, or in a URL of the wrong scheme', () => {
    const text = [
      'probes:',
      '  - name: api',
      '    kind: http',
      '    url: http://127.0.0.1:1/',
      '    basic_auth: {username: u, password_env: "Env-Inline-5!"}',
      '  - {name: r, kind: redis, host: h, port: 1, password: Redis-Pw-7}',
      '  - {name: f, kind: http, url: "ftp://bob:Pw-Ftp-9@x/?token=Tok-Ftp-10"}',
      '',
    ].join('\n');
    const { ds, message } = diagnosticsOf(() => parseConfig(text, 'vigil.yml'));
    expect(ds.map((d) => [d.line, d.column])).toEqual(
      expect.arrayContaining([
        [5, 45],
        [6, 46],
        [7, 32],
      ]),
    );
    expectNoSecret(message);
    for (const d of ds) expectNoSecret(formatDiagnostic(d, text));
  });

  it('masks a plaintext basic_auth_users password in the web config, whatever the diagnostic on its line', () => {
    const text = 'basic_auth_users:\n  alice: Alice-Plain-8   # not a hash\n';
    const { ds, message } = diagnosticsOf(() => parseWebConfig(text, 'web.yml'));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([['web-config-bad-hash', 2, 10]]);
    expectNoSecret(message);
    const out = formatDiagnostic(ds[0]!, text);
    expectNoSecret(out);
    expect(quote(out)).toEqual({ line: `    alice: ${MASK}   # not a hash`, caret: 11 });
  });
});

describe('vigil serve with inline secrets', () => {
  let dir: string;
  let vigil: VigilProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-secret-diag-'));
    writeFileSync(join(dir, 'vigil.yml'), 'probes: []\n');
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), '--collector.disable-defaults', '--web.enable-lifecycle']);
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('refuses to start without printing the secrets', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, CONFIG);
    const r = spawnSync(process.execPath, [CLI, 'serve', '--config', file, '--listen', '127.0.0.1:0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('probe-inline-secret');
    expect(r.stderr).toContain(`Authorization: ${MASK}`);
    expectNoSecret(r.stderr + r.stdout);
  });

  it('answers POST /-/reload and logs the refusal without the secrets', async () => {
    writeFileSync(join(dir, 'vigil.yml'), CONFIG.replace('password_env: lowercasepw6', 'password: Redis-Pw-7'));
    const r = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(500);
    const answer = await r.text();
    expect(answer).toContain('unknown field "password"');
    expectNoSecret(answer);
    writeFileSync(join(dir, 'vigil.yml'), CONFIG);
    const again = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    const answer2 = await again.text();
    expect(answer2).toContain('probe-inline-secret');
    expectNoSecret(answer2);
    expect(vigil.stderr()).toContain('reload failed');
    expectNoSecret(vigil.stderr());
  });
});
