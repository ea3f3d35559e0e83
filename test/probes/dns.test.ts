import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { run } from './support.js';

describe('dns probe', () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      'api.vigil.test': { A: ['10.1.2.3', '10.1.2.4'], AAAA: ['fd00::1'], TXT: ['v=vigil1'] },
      'www.vigil.test': { CNAME: ['api.vigil.test'] },
      'empty.vigil.test': {},
    });
  });
  afterAll(async () => {
    await dns.close();
  });
  const server = () => `127.0.0.1:${dns.port}`;

  it('resolves A records against the given server and checks the expected answers', async () => {
    const o = await run({ kind: 'dns', query_name: 'api.vigil.test', server: server(), expect: ['10.1.2.3', '10.1.2.4'] });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
    expect(o.value('probe_dns_answer_rrs')).toBe(2);
    expect(o.value('probe_dns_lookup_time_seconds')).toBeGreaterThan(0);
    expect(o.value('vigil_probe_info', { target: `api.vigil.test@${server()}` })).toBe(1);
  });

  it('resolves AAAA, TXT and CNAME', async () => {
    expect(
      (await run({ kind: 'dns', query_name: 'api.vigil.test', query_type: 'AAAA', server: server(), expect: ['fd00::1'] })).success,
    ).toBe(1);
    expect(
      (await run({ kind: 'dns', query_name: 'api.vigil.test', query_type: 'TXT', server: server(), expect: ['v=vigil1'] })).success,
    ).toBe(1);
    expect(
      (await run({ kind: 'dns', query_name: 'www.vigil.test', query_type: 'CNAME', server: server(), expect: ['api.vigil.test.'] }))
        .success,
    ).toBe(1);
  });

  it('fails with reason dns when an expected answer is missing, or there is no answer', async () => {
    const wrong = await run({ kind: 'dns', query_name: 'api.vigil.test', server: server(), expect: ['10.9.9.9'] });
    expect([wrong.success, wrong.reason]).toEqual([0, 'dns']);
    const none = await run({ kind: 'dns', query_name: 'nothing.vigil.test', server: server() });
    expect([none.success, none.reason]).toEqual([0, 'dns']);
    expect(none.value('probe_dns_answer_rrs')).toBe(0);
    const allowed = await run({ kind: 'dns', query_name: 'empty.vigil.test', server: server(), fail_if_no_answer: false });
    expect(allowed.success).toBe(1);
  });

  it('times out against a resolver that never answers', async () => {
    dns.silent = true;
    try {
      const started = Date.now();
      const o = await run({ kind: 'dns', query_name: 'api.vigil.test', server: server(), timeout: '300ms' });
      expect([o.success, o.reason]).toEqual([0, 'timeout']);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      dns.silent = false;
    }
  });

  it('uses the system resolver (with /etc/hosts) for localhost', async () => {
    const o = await run({ kind: 'dns', query_name: 'localhost', expect: ['127.0.0.1'] });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });
});
