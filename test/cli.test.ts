import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePki } from './support/certs.js';
import { run } from './support/tools.js';
import { CLI, startVigilProcess } from './support/vigil-process.js';

// A stack trace means an error nobody foresaw; these are all foreseen.
const STACK = /^\s+at /m;

describe('the vigil command', () => {
  it('prints its version from package.json', () => {
    const r = run(process.execPath, [CLI, '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^vigil \d+\.\d+\.\d+\n$/);
  });

  it('prints help naming every command', () => {
    const r = run(process.execPath, [CLI, '--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'compile', 'check', 'test']) expect(r.stdout).toContain(`vigil ${c}`);
    expect(run(process.execPath, [CLI, 'serve', '--help']).stdout).toContain('--path.procfs');
  });

  // Written out by hand rather than read from cli/usage.ts, so a flag dropped from the help fails here.
  const FLAGS: Record<string, string[]> = {
    serve: [
      '--config FILE',
      '--listen HOST:PORT',
      '--path.procfs DIR',
      '--path.sysfs DIR',
      '--path.rootfs DIR',
      '--collector.NAME',
      '--no-collector.NAME',
      '--collector.disable-defaults',
      '--collector.textfile.directory DIR',
      '--web.config.file FILE',
      '--[no-]web.enable-lifecycle',
      '--log.format logfmt|json',
      '--log.level LEVEL',
    ],
    compile: ['--rules DIR', '--out DIR', '--target prometheus|vmalert|thanos|mimir', '--check', '--format prometheus|operator'],
    check: ['--rules DIR', '--target prometheus|vmalert|thanos|mimir'],
    test: ['--rules DIR', '--out DIR'],
  };

  for (const [cmd, flags] of Object.entries(FLAGS)) {
    it(`answers vigil ${cmd} --help and -h with its flags on stdout and exit code 0`, () => {
      for (const help of ['--help', '-h']) {
        // The help wins over everything else given, even a flag that would be refused.
        const r = run(process.execPath, [CLI, cmd, '--rules', '/nonexistent', help], { timeoutMs: 20_000 });
        expect(r.code, `${cmd} ${help}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain(`Usage: vigil ${cmd} [flags]`);
        for (const f of flags) expect(r.stdout).toContain(f);
        expect(r.stderr).toBe('');
      }
    });
  }

  it("lists every command's flags in vigil --help", () => {
    const r = run(process.execPath, [CLI, '--help']);
    expect(r.code).toBe(0);
    for (const [cmd, flags] of Object.entries(FLAGS)) {
      expect(r.stdout).toContain(`vigil ${cmd} [flags]`);
      for (const f of flags) expect(r.stdout).toContain(f);
    }
  });

  it('refuses an unknown compile flag with exit code 2 and the compile flags on stderr', () => {
    const r = run(process.execPath, [CLI, 'compile', '--rule', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vigil: unknown flag --rule');
    expect(r.stderr).toContain('--rules DIR');
    expect(r.stdout).toBe('');
  });

  it('refuses an unknown command with usage and exit code 2', () => {
    const r = run(process.execPath, [CLI, 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('stops at start-up on a bad config file with file:line:column, the line and a caret', () => {
    const dir = `${process.env['TMPDIR'] ?? '/tmp'}`;
    const file = `${dir}/vigil-bad-${process.pid}.yml`;
    writeFileSync(file, 'collectors:\n  cpu: yes please\n');
    const r = run(process.execPath, [CLI, 'serve', '--config', file, '--listen', '127.0.0.1:0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: error config-schema: collectors.cpu`);
    expect(r.stderr).toContain('must be boolean or object, got string "yes please"\n    cpu: yes please\n         ^');
  });
});

describe('vigil serve start-up errors', () => {
  it('names a port in use in one error log line, without a stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = run(process.execPath, [CLI, 'serve', '--listen', `127.0.0.1:${port}`], { timeoutMs: 20_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^time=\\S+ level=error msg="cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use.*\\(EADDRINUSE\\)"$`,
          'm',
        ),
      );
      expect(r.stderr).not.toMatch(STACK);
    } finally {
      taken.close();
    }
  });

  it('names a privileged port it may not bind: permission denied, without a stack trace', () => {
    // As root every port may be bound, so the check runs as nobody; otherwise as ourselves.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:1'], { encoding: 'utf8', timeout: 20_000, ...asNobody });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('msg="cannot listen on 127.0.0.1:1: permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('refuses a port out of range and a host that only looks like an IPv4 address before binding', () => {
    const range = run(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:70000']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('vigil: --listen: listen port 70000 is out of range: a port is 0 to 65535');
    expect(range.stderr).not.toMatch(STACK);
    const host = run(process.execPath, [CLI, 'serve', '--web.listen-address', '256.1.1.1:9469']);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('vigil: --web.listen-address: listen host 256.1.1.1 is not a valid IPv4 address');
    expect(host.stderr).not.toMatch(STACK);
  });

  it('refuses a bad listen address in the config file with its position', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-listen-')), 'vigil.yml');
    writeFileSync(file, 'collectors: {}\nlisten: "256.1.1.1:9469"\n');
    const r = run(process.execPath, [CLI, 'serve', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:9: error config-bad-listen: listen host 256.1.1.1 is not a valid IPv4 address`);
    expect(r.stderr).not.toMatch(STACK);
  });

  it("refuses a key that is not the certificate's with its position, without a stack trace", () => {
    const pki = makePki();
    const web = join(pki.dir, 'web.yml');
    writeFileSync(web, `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.clientKey}\n`);
    const r = run(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '--web.config.file', web]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${web}:3:13: error web-config-key-mismatch: tls_server_config.key_file is not the private key of cert_file`,
    );
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('vigil serve logs', () => {
  it('writes logfmt lines with an RFC 3339 time and a level by default', async () => {
    const v = await startVigilProcess([]);
    await v.stop();
    const lines = v.stderr().trim().split('\n');
    expect(lines[0]).toMatch(
      /^time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info msg="vigil listening" address=http:\/\/127\.0\.0\.1:\d+ config="built-in defaults"$/,
    );
    for (const l of lines) expect(l).toMatch(/^time=\S+ level=(debug|info|warn|error) msg=/);
  });

  it('writes one JSON object per line with --log.format=json, and --log.level=warn keeps info out', async () => {
    const v = await startVigilProcess(['--log.format=json']);
    await v.stop();
    const records = v
      .stderr()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      msg: 'vigil listening',
      address: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      config: 'built-in defaults',
    });
    expect(records.map((r) => r['msg'])).toContain('stopped');
    const quiet = await startVigilProcess(['--log.format', 'json', '--log.level', 'warn']);
    await quiet.stop();
    expect(quiet.stderr()).toBe('');
  });

  it("logs the web config's http2: true as a warning with its position", async () => {
    const web = join(mkdtempSync(join(tmpdir(), 'vigil-web-')), 'web.yml');
    writeFileSync(web, 'http_server_config:\n  http2: true\n');
    const v = await startVigilProcess(['--web.config.file', web]);
    await v.stop();
    expect(v.stderr()).toMatch(
      new RegExp(
        `^time=\\S+ level=warn msg="http_server_config.http2: vigil serves HTTP/1.1 only; [^"]*" code=web-config-http2-ignored at=${web.replace(/[.]/g, '\\.')}:2:10 hint=`,
        'm',
      ),
    );
  });

  it('refuses an unknown log format or level with usage', () => {
    const r = run(process.execPath, [CLI, 'serve', '--log.format=xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vigil: --log.format is logfmt or json, not "xml"');
    expect(run(process.execPath, [CLI, 'serve', '--log.level=verbose']).stderr).toContain(
      '--log.level is one of debug, info, warn, error, not "verbose"',
    );
  });
});
