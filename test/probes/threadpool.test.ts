import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbes } from '../../src/probes/config.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { blockThreadpool, type BlockedPool } from '../support/threadpool.js';
import { httpServer, lineServer, sampleValue, type Listening } from './support.js';

// getaddrinfo runs on libuv's four shared threads; a few names whose nameserver never answers
// take all four, and then even `localhost` waits. Probes must resolve without those threads.
describe("probes while libuv's threadpool is taken", () => {
  let web: Listening<Server>;
  let line: Listening;

  beforeAll(async () => {
    web = await httpServer((_req, res) => res.end('ok'));
    line = await lineServer();
  });
  afterAll(async () => {
    await Promise.all([web.close(), line.close()]);
  });

  it('resolves localhost for tcp and http probes and reports them up', async () => {
    const { probes, problems } = parseProbes([
      { name: 'local-tcp', kind: 'tcp', host: 'localhost', port: line.port, query_response: [{ expect: '^220 ' }] },
      { name: 'local-http', kind: 'http', url: `http://localhost:${web.port}/` },
      { name: 'local-dns', kind: 'dns', query_name: 'localhost', query_type: 'A', expect: ['127.0.0.1'] },
    ]);
    expect(problems).toEqual([]);
    const c = new ProbeCollector(probes, { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 });
    let blocked: BlockedPool | undefined = blockThreadpool();
    try {
      expect(await blocked.holds()).toBe(true);
      const families = await c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 2000 });
      expect(sampleValue(families, 'probe_success', { probe: 'local-tcp' })).toBe(1);
      expect(sampleValue(families, 'probe_success', { probe: 'local-http' })).toBe(1);
      expect(sampleValue(families, 'probe_success', { probe: 'local-dns' })).toBe(1);
      await blocked.release();
      blocked = undefined;
    } finally {
      await blocked?.release();
    }
  });
});
