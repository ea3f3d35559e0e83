import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../support/exposition-parse.js';
import { tool } from '../support/tools.js';
import { closedPort, httpServer, run, startBlackbox, type Listening } from './support.js';
import type { Daemon } from '../support/daemon.js';

const blackbox = tool('prometheus-blackbox-exporter', 'prometheus-blackbox-exporter');

// The same targets, probed by Debian's blackbox_exporter (through its /probe?target=, which
// vigil deliberately does not offer) and by vigil: the verdicts must agree.
describe.skipIf(blackbox.missing)('cross-check with blackbox_exporter', () => {
  let target: Listening<Server>;
  let bb: Daemon | undefined;
  let dir = '';
  let bbUrl = '';

  beforeAll(async () => {
    target = await httpServer((req, res) => {
      switch (req.url) {
        case '/ok':
          res.end('all good');
          return;
        case '/created':
          res.statusCode = 201;
          res.end();
          return;
        case '/down':
          res.statusCode = 503;
          res.end('down');
          return;
        case '/moved':
          res.writeHead(302, { Location: '/ok' }).end();
          return;
        case '/gone':
          res.writeHead(301, { Location: '/missing' }).end();
          return;
        default:
          res.statusCode = 404;
          res.end();
      }
    });
    dir = mkdtempSync(join(tmpdir(), 'vigil-bb-'));
    ({ daemon: bb, url: bbUrl } = await startBlackbox(
      blackbox.path!,
      dir,
      [
        'modules:',
        '  http_2xx:',
        '    prober: http',
        '    timeout: 5s',
        '    http: {preferred_ip_protocol: ip4}',
        '  http_body:',
        '    prober: http',
        '    timeout: 5s',
        '    http: {preferred_ip_protocol: ip4, fail_if_body_not_matches_regexp: ["^nothing like this"]}',
      ].join('\n') + '\n',
    ));
  });
  afterAll(async () => {
    await bb?.stop();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function viaBlackbox(url: string, module = 'http_2xx') {
    const r = await fetch(`${bbUrl}/probe?module=${module}&target=${encodeURIComponent(url)}`);
    const fams = parseExposition(await r.text());
    const v = (n: string) => fams.get(n)?.series[0]?.value;
    return { success: v('probe_success'), status: v('probe_http_status_code'), redirects: v('probe_http_redirects') };
  }

  it('agrees on probe_success and probe_http_status_code for every target', async () => {
    const refused = await closedPort();
    const cases: { url: string; module?: string; extra?: Record<string, unknown> }[] = [
      { url: `${target.url}/ok` },
      { url: `${target.url}/created` },
      { url: `${target.url}/down` },
      { url: `${target.url}/nothing-here` },
      { url: `${target.url}/moved` },
      { url: `${target.url}/gone` },
      { url: `http://127.0.0.1:${refused}/` },
      { url: `${target.url}/ok`, module: 'http_body', extra: { fail_if_body_not_matches: ['^nothing like this'] } },
    ];
    const seen: string[] = [];
    for (const c of cases) {
      const bb = await viaBlackbox(c.url, c.module);
      const ours = await run({ kind: 'http', url: c.url, ...c.extra });
      const mine = { success: ours.success, status: ours.value('probe_http_status_code'), redirects: ours.value('probe_http_redirects') };
      expect(mine, c.url).toEqual(bb);
      seen.push(`${bb.success}/${bb.status}`);
    }
    // The cases cover both verdicts and several codes, so agreement means something.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(5);
  });
});
