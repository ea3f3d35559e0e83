import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { httpServer, run, type Listening } from './support.js';

// Probe regexes are RE2, as in blackbox_exporter, and run in linear time. On JavaScript's
// backtracking RegExp `^(a+)+$` against this 31-byte body took over ten seconds of a frozen
// event loop (a 41-byte one never returned); both bounds below are hundreds of times what RE2 takes.
const HOSTILE = `${'a'.repeat(30)}!`;

describe('probe regexes cannot freeze the process', () => {
  let web: Listening<import('node:http').Server>;
  let lines: Server;
  let linePort = 0;
  beforeAll(async () => {
    web = await httpServer((_req, res) => res.end(HOSTILE));
    lines = createServer((s) => s.end(`${HOSTILE}\nOK\n`));
    await new Promise<void>((r) => lines.listen(0, '127.0.0.1', r));
    linePort = (lines.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await web.close();
    await new Promise((r) => lines.close(r));
  });

  it('fail_if_body_matches with nested quantifiers answers at once', async () => {
    const started = Date.now();
    const o = await run({ kind: 'http', url: `${web.url}/`, fail_if_body_matches: ['^(a+)+$'], fail_if_body_not_matches: ['^(a+)+!$'] });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(o.success).toBe(1);
  });

  it('a tcp expect with nested quantifiers skips the hostile line at once', async () => {
    const started = Date.now();
    const o = await run({ kind: 'tcp', host: '127.0.0.1', port: linePort, query_response: [{ expect: '^(a+)+$|^OK$' }] });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });
});
