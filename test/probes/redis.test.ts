import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { tool } from '../support/tools.js';
import { run, writeTemp } from './support.js';

const redis = tool('redis-server', 'redis-server');

interface RunningRedis {
  port: number;
  stop(): Promise<void>;
}

async function startRedis(extra: string[]): Promise<RunningRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    redis.path!,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return { port, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error('redis-server did not start');
}

describe.skipIf(redis.missing)('redis probe against a real redis-server', () => {
  let open: RunningRedis;
  let guarded: RunningRedis;
  const env = { REDIS_PW: 'correct horse', REDIS_BAD: 'wrong', ACL_PW: 'acl-secret' };

  beforeAll(async () => {
    open = await startRedis([]);
    guarded = await startRedis(['--requirepass', env.REDIS_PW, '--user', 'probe', 'on', `>${env.ACL_PW}`, '+ping', '~*']);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), guarded?.stop()]);
  });

  it('PINGs a server without a password', async () => {
    const o = await run({ kind: 'redis', host: '127.0.0.1', port: open.port });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });

  it('authenticates with a password from the environment or a file', async () => {
    expect((await run({ kind: 'redis', host: '127.0.0.1', port: guarded.port, password_env: 'REDIS_PW' }, 5000, env)).success).toBe(1);
    const file = writeTemp('redis-pw', `${env.REDIS_PW}\n`);
    expect((await run({ kind: 'redis', host: '127.0.0.1', port: guarded.port, password_file: file })).success).toBe(1);
  });

  it('authenticates an ACL user', async () => {
    const o = await run({ kind: 'redis', host: '127.0.0.1', port: guarded.port, username: 'probe', password_env: 'ACL_PW' }, 5000, env);
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });

  it('fails with reason auth on a wrong password or none, without echoing the password', async () => {
    const wrong = await run({ kind: 'redis', host: '127.0.0.1', port: guarded.port, password_env: 'REDIS_BAD' }, 5000, env);
    expect([wrong.success, wrong.reason]).toEqual([0, 'auth']);
    expect(wrong.error).not.toContain('wrong');
    const none = await run({ kind: 'redis', host: '127.0.0.1', port: guarded.port });
    expect([none.success, none.reason]).toEqual([0, 'auth']);
  });

  it('fails with reason protocol against something that is not Redis', async () => {
    const { httpServer } = await import('./support.js');
    const http = await httpServer((_req, res) => res.end());
    try {
      const o = await run({ kind: 'redis', host: '127.0.0.1', port: http.port, timeout: '2s' });
      expect(o.success).toBe(0);
      expect(o.reason).toBe('protocol');
    } finally {
      await http.close();
    }
  });
});
