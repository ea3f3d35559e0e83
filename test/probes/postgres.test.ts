import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { run as runCmd, tool } from '../support/tools.js';
import { blockThreadpool, type BlockedPool } from '../support/threadpool.js';
import { run, selfSigned } from './support.js';

const initdb = tool('initdb', 'postgresql');
// /usr/local/bin/initdb may be a symlink; psql and postgres live next to the real one.
const BIN = initdb.path ? realpathSync(initdb.path).replace(/\/initdb$/, '') : '';

// A throw-away cluster: initdb in a temp dir owned by postgres (tests run as root, and
// PostgreSQL refuses to run as root), TCP on a free loopback port, md5/scram for the
// "probe" user and trust for "trusty", the unix socket in the temp dir.
interface Cluster {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

function asPostgres(cmd: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? runCmd('runuser', ['-u', 'postgres', '--', cmd, ...args]) : runCmd(cmd, args);
}

async function startCluster(cert: { certFile: string; keyFile: string }): Promise<Cluster> {
  const bin = BIN;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, 'superpw\n');
  const uid = Number(runCmd('id', ['-u', 'postgres']).stdout.trim());
  const gid = Number(runCmd('id', ['-g', 'postgres']).stdout.trim());
  if (process.getuid?.() === 0) {
    for (const f of [dir, pwfile]) chownSync(f, uid, gid);
  }
  const init = asPostgres(`${bin}/initdb`, [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
  ]);
  if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  // TLS with the test's certificate, and trust for one user over TCP.
  const key = join(data, 'server.key');
  const crt = join(data, 'server.crt');
  writeFileSync(key, readFileSync(cert.keyFile));
  writeFileSync(crt, readFileSync(cert.certFile));
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) for (const f of [key, crt]) chownSync(f, uid, gid);
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(
    hba,
    ['local all all trust', 'host all trusty 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 scram-sha-256'].join('\n') + '\n',
  );
  if (process.getuid?.() === 0) chownSync(hba, uid, gid);
  const port = await freePort();
  const cmd = process.getuid?.() === 0 ? 'runuser' : `${bin}/postgres`;
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'ssl=on', '-c', 'fsync=off'];
  const child: ChildProcess = spawn(cmd, process.getuid?.() === 0 ? ['-u', 'postgres', '--', `${bin}/postgres`, ...args] : args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      // runuser forwards the signal; SIGINT is PostgreSQL's "fast shutdown".
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  let last = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`postgres exited: ${stderr}`);
    const ok = asPostgres(`${bin}/psql`, [
      '-h',
      dir,
      '-p',
      String(port),
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-c',
      "CREATE ROLE probe LOGIN PASSWORD 'probe-pw'; CREATE ROLE trusty LOGIN; CREATE TABLE t (x int);",
    ]);
    if (ok.code === 0) return { port, dir, stop };
    last = ok.stderr;
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`postgres did not start: ${last}\n${stderr}`);
}

describe.skipIf(initdb.missing)('postgres probe against a real PostgreSQL', () => {
  let pg: Cluster;
  const env = { PG_PW: 'probe-pw', PG_BAD: 'nope' };
  const cert = selfSigned(4);

  beforeAll(async () => {
    pg = await startCluster(cert);
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('connects with a password and runs SELECT 1', async () => {
    const o = await run(
      { kind: 'postgres', host: '127.0.0.1', port: pg.port, user: 'probe', database: 'postgres', password_env: 'PG_PW' },
      5000,
      env,
    );
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });

  it('connects as a trusted user without a password, over TCP and the unix socket', async () => {
    expect((await run({ kind: 'postgres', host: '127.0.0.1', port: pg.port, user: 'trusty', database: 'postgres' })).success).toBe(1);
    expect((await run({ kind: 'postgres', host: pg.dir, port: pg.port, user: 'trusty', database: 'postgres' })).success).toBe(1);
  });

  it('fails with reason auth on a wrong password and on a missing one', async () => {
    const wrong = await run(
      { kind: 'postgres', host: '127.0.0.1', port: pg.port, user: 'probe', database: 'postgres', password_env: 'PG_BAD' },
      5000,
      env,
    );
    expect([wrong.success, wrong.reason]).toEqual([0, 'auth']);
    const none = await run({ kind: 'postgres', host: '127.0.0.1', port: pg.port, user: 'probe', database: 'postgres' });
    expect([none.success, none.reason]).toEqual([0, 'auth']);
  });

  it('runs a configured query read-only: a write fails the probe', async () => {
    const read = await run({
      kind: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      user: 'trusty',
      database: 'postgres',
      query: 'SELECT count(*) FROM pg_stat_activity',
    });
    expect(read.success).toBe(1);
    const write = await run({
      kind: 'postgres',
      host: pg.dir,
      port: pg.port,
      user: 'postgres',
      database: 'postgres',
      query: 'INSERT INTO t VALUES (1)',
    });
    expect([write.success, write.reason]).toEqual([0, 'protocol']);
  });

  it('speaks TLS, verifying the server with the CA file', async () => {
    const o = await run(
      {
        kind: 'postgres',
        host: 'localhost',
        port: pg.port,
        user: 'probe',
        database: 'postgres',
        password_env: 'PG_PW',
        tls: { ca_file: cert.certFile },
      },
      5000,
      env,
    );
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    const untrusted = await run(
      { kind: 'postgres', host: 'localhost', port: pg.port, user: 'probe', database: 'postgres', password_env: 'PG_PW', tls: true },
      5000,
      env,
    );
    expect([untrusted.success, untrusted.reason]).toEqual([0, 'tls']);
  });

  it('times out against a query that takes longer than the probe, and the server ends it', async () => {
    const started = Date.now();
    const o = await run({
      kind: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      user: 'trusty',
      database: 'postgres',
      query: 'SELECT pg_sleep(5)',
      timeout: '400ms',
    });
    expect([o.success, o.reason]).toEqual([0, 'timeout']);
    expect(Date.now() - started).toBeLessThan(1500);
    // The backend notices the closed socket (or its statement_timeout fires) and goes away.
    const until = Date.now() + 5000;
    let busy = 1;
    while (Date.now() < until && busy > 0) {
      const r = asPostgres(`${BIN}/psql`, [
        '-h',
        pg.dir,
        '-p',
        String(pg.port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-tAc',
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%' AND state = 'active'",
      ]);
      busy = Number(r.stdout.trim());
      if (busy > 0) await new Promise((r2) => setTimeout(r2, 100));
    }
    expect(busy).toBe(0);
  });

  it('fails with reason refused on a port without a server', async () => {
    const port = await freePort();
    const s = connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    s.destroy();
    const o = await run({ kind: 'postgres', host: '127.0.0.1', port, user: 'trusty' });
    expect([o.success, o.reason]).toEqual([0, 'refused']);
  });

  it("connects to localhost by name while every thread of libuv's pool is taken (the driver's getaddrinfo would wait)", async () => {
    const probe = { kind: 'postgres', host: 'localhost', port: pg.port, user: 'trusty', database: 'postgres' };
    // The driver is loaded by the first probe; loading reads files, which is not the point here.
    expect((await run(probe)).success).toBe(1);
    let blocked: BlockedPool | undefined = blockThreadpool();
    try {
      expect(await blocked.holds()).toBe(true);
      const o = await run(probe, 2000);
      expect(o.error).toBeUndefined();
      expect(o.success).toBe(1);
      await blocked.release();
      blocked = undefined;
    } finally {
      await blocked?.release();
    }
  });
});
