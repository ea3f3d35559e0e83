// Redirect policy of the http probe: the configured origin (scheme, host, port) is where it
// stays unless follow_cross_origin_redirects says otherwise, and what came from a secret, or
// the body, never leaves that origin.
import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpServer, run, writeTemp, type Listening } from './support.js';

interface Seen {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('http probe redirects', () => {
  let home: Listening<Server>;
  let elsewhere: Listening<Server>;
  let seen: Record<string, Seen> = {};
  const sessionFile = writeTemp('session', 'sess-from-file\n');
  const env = { T_KEY: 'key-from-env', T_TOKEN: 'token-from-env', T_COOKIE: 'c=from-env' };

  const record = (prefix: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      seen[`${prefix}${req.url}`] = { method: req.method, headers: req.headers, body };
      const to = /^\/to\/(\d{3})\/(.*)$/.exec(req.url ?? '');
      if (to) {
        res.writeHead(Number(to[1]), { Location: decodeURIComponent(to[2]!) }).end();
        return;
      }
      res.end(`${prefix} ${req.method} ${body}`);
    });
  };

  beforeAll(async () => {
    home = await httpServer(record('home'));
    elsewhere = await httpServer(record('elsewhere'));
  });
  beforeEach(() => {
    seen = {};
  });
  afterAll(async () => {
    await Promise.all([home.close(), elsewhere.close()]);
  });

  const via = (status: number, location: string) => `${home.url}/to/${status}/${encodeURIComponent(location)}`;
  const secrets = {
    headers: {
      'X-Api-Key': { value_env: 'T_KEY' },
      'X-Session': { value_file: sessionFile },
      Cookie: { value_env: 'T_COOKIE' },
      'X-Plain': 'kept',
    },
    bearer_token_env: 'T_TOKEN',
  };

  it('follows a redirect on the configured origin by default, with every header and the body', async () => {
    const o = await run({ kind: 'http', method: 'POST', body: 'the-body', url: via(307, '/same'), ...secrets }, 5000, env);
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('probe_http_redirects')).toBe(1);
    const same = seen['home/same']!;
    expect(same.headers['x-api-key']).toBe('key-from-env');
    expect(same.headers['x-session']).toBe('sess-from-file');
    expect(same.headers['authorization']).toBe('Bearer token-from-env');
    expect(same.body).toBe('the-body');
  });

  it('refuses by default a redirect to another port, another host name or another scheme, and never contacts it', async () => {
    const otherPort = await run({ kind: 'http', url: via(302, `${elsewhere.url}/x`) });
    expect([otherPort.success, otherPort.reason]).toEqual([0, 'protocol']);
    expect(otherPort.error).toContain('follow_cross_origin_redirects');
    expect(otherPort.value('probe_http_status_code')).toBe(302);
    expect(otherPort.value('probe_http_redirects')).toBe(0);
    expect(seen['elsewhere/x']).toBeUndefined();

    // Same listener, reached under another name: still another origin.
    const otherHost = await run({ kind: 'http', url: via(301, `http://localhost:${home.port}/y`) });
    expect([otherHost.success, otherHost.reason]).toEqual([0, 'protocol']);
    expect(seen['home/y']).toBeUndefined();

    const otherScheme = await run({ kind: 'http', url: via(308, `https://127.0.0.1:${home.port}/z`) });
    expect([otherScheme.success, otherScheme.reason]).toEqual([0, 'protocol']);
  });

  it('follows another origin when follow_cross_origin_redirects is set, without any secret-sourced header', async () => {
    const o = await run(
      { kind: 'http', url: via(302, `${elsewhere.url}/landing`), follow_cross_origin_redirects: true, ...secrets },
      5000,
      env,
    );
    expect(o.success).toBe(1);
    const there = seen['elsewhere/landing']!;
    expect(there.headers['x-api-key']).toBeUndefined();
    expect(there.headers['x-session']).toBeUndefined();
    expect(there.headers['cookie']).toBeUndefined();
    expect(there.headers['authorization']).toBeUndefined();
    expect(there.headers['x-plain']).toBe('kept');
    // The first hop did get them: the stripping is the redirect's doing.
    expect(Object.values(seen).some((s) => s.headers['x-api-key'] === 'key-from-env')).toBe(true);
  });

  it('does not send the body on to another origin on a 307, and does not bring secrets back with a redirect home', async () => {
    const back = `${home.url}/back`;
    const o = await run(
      {
        kind: 'http',
        method: 'POST',
        body: 'password=hunter2',
        follow_cross_origin_redirects: true,
        ...secrets,
        url: via(307, `${elsewhere.url}/to/307/${encodeURIComponent(back)}`),
      },
      5000,
      env,
    );
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('probe_http_redirects')).toBe(2);
    const there = Object.entries(seen).find(([k]) => k.startsWith('elsewhere/'))![1];
    expect(there.method).toBe('POST');
    expect(there.body).toBe('');
    expect(there.headers['x-api-key']).toBeUndefined();
    const home2 = seen['home/back']!;
    expect(home2.body).toBe('');
    expect(home2.headers['x-session']).toBeUndefined();
  });
});
