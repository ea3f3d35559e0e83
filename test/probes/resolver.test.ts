import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { candidates, parseHosts, parseResolvConf } from '../../src/probes/hosts.js';
import { HostResolver, useProbeResolver } from '../../src/probes/resolver.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { parseProbes } from '../../src/probes/config.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { startDnsServer, type DnsServer } from './dns-server.js';
import { httpServer, lineServer, sampleValue, writeTemp, type Listening } from './support.js';

const SCRAPE = { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 };

describe('hosts and resolv.conf parsing', () => {
  it('reads names to addresses from a hosts file, skipping comments and bad lines', () => {
    const hosts = parseHosts(
      [
        '# comment',
        '127.0.0.1 localhost Local.Example  # trailing',
        '::1 localhost ip6-localhost',
        'not-an-ip foo',
        '10.0.0.5\tdb.internal. db',
        'fe80::1%lo link.local',
        '10.0.0.6 db',
      ].join('\n'),
    );
    expect(hosts.get('localhost')).toEqual(['127.0.0.1', '::1']);
    expect(hosts.get('local.example')).toEqual(['127.0.0.1']);
    expect(hosts.get('db.internal')).toEqual(['10.0.0.5']);
    expect(hosts.get('db')).toEqual(['10.0.0.5', '10.0.0.6']);
    expect(hosts.get('link.local')).toEqual(['fe80::1%lo']);
    expect(hosts.has('foo')).toBe(false);
  });

  it('reads nameservers, the last search or domain line, and the options that bound a lookup', () => {
    const conf = parseResolvConf(
      [
        'domain first.test',
        'nameserver 10.0.0.2',
        'nameserver bogus',
        'nameserver ::1 # six',
        'search a.test b.test',
        'options ndots:2 timeout:3 attempts:9 rotate',
      ].join('\n'),
    );
    expect(conf).toEqual({ nameservers: ['10.0.0.2', '::1'], search: ['a.test', 'b.test'], ndots: 2, timeoutMs: 3000, attempts: 5 });
    expect(parseResolvConf('')).toEqual({ nameservers: ['127.0.0.1'], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 });
  });

  it('tries a short name through the search list first, a dotted one as it is first, a rooted one alone', () => {
    const conf = { search: ['corp.test', 'lab.test'], ndots: 1 };
    expect(candidates('db', conf)).toEqual(['db.corp.test', 'db.lab.test', 'db']);
    expect(candidates('db.eu', conf)).toEqual(['db.eu', 'db.eu.corp.test', 'db.eu.lab.test']);
    expect(candidates('db.eu.', conf)).toEqual(['db.eu']);
  });
});

describe("the probes' resolver", () => {
  let dns: DnsServer;
  let web: Listening<Server>;
  let line: Listening;
  let hostsFile: string;
  let previous: HostResolver | undefined;

  beforeAll(async () => {
    dns = await startDnsServer({ 'api.corp.test': { A: ['127.0.0.1'] }, 'six.corp.test': { AAAA: ['::1'] } });
    web = await httpServer((_req, res) => res.end('ok'));
    line = await lineServer();
    hostsFile = writeTemp('hosts', '127.0.0.1 svc.vigil.test\n');
  });
  afterAll(async () => {
    await Promise.all([dns.close(), web.close(), line.close()]);
  });
  afterEach(() => {
    if (previous) useProbeResolver(previous);
    previous = undefined;
    dns.silent = false;
  });

  const resolverFor = (conf: string) =>
    new HostResolver({
      nameservers: [`127.0.0.1:${dns.port}`],
      hostsFile,
      resolvConf: writeTemp('resolv.conf', conf),
    });

  it('answers from the hosts file and for localhost without asking, and the rest through the search list', async () => {
    const r = resolverFor('search corp.test\noptions timeout:2 attempts:1\n');
    const before = dns.queries;
    expect(await r.lookup('svc.vigil.test', 4)).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await r.lookup('LOCALHOST', 6)).toEqual([{ address: '::1', family: 6 }]);
    expect(dns.queries).toBe(before);
    expect(await r.lookup('api', 4)).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await r.lookup('six.corp.test', 6)).toEqual([{ address: '::1', family: 6 }]);
    await expect(r.lookup('nope.corp.test', 4)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(r.lookup('svc.vigil.test', 6)).rejects.toMatchObject({ code: 'ENODATA' });
    expect(dns.queries).toBeGreaterThan(before);
  });

  it('gives up a lookup when its signal fires, even while the nameserver stays silent', async () => {
    const r = resolverFor('options timeout:30 attempts:1\n');
    dns.silent = true;
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('probe over')), 200);
    const started = Date.now();
    await expect(r.lookup('api.corp.test', 4, abort.signal)).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  const probes = (dead: number) => {
    const { probes: list, problems } = parseProbes([
      ...Array.from({ length: dead }, (_, i) => ({
        name: `dead-${i}`,
        kind: 'tcp',
        host: `dead-${i}.corp.test`,
        port: line.port,
        timeout: '30s',
      })),
      { name: 'local-tcp', kind: 'tcp', host: 'localhost', port: line.port, query_response: [{ expect: '^220 ' }] },
      { name: 'hosts-http', kind: 'http', url: `http://svc.vigil.test:${web.port}/` },
    ]);
    expect(problems).toEqual([]);
    return new ProbeCollector(list, SCRAPE);
  };

  it('runs probes of localhost and /etc/hosts names while 8 names wait on a nameserver that never answers', async () => {
    previous = useProbeResolver(resolverFor('options timeout:5 attempts:2\n'));
    dns.silent = true;
    const before = dns.queries;
    const families = await probes(8).collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 2500 });
    expect(sampleValue(families, 'probe_success', { probe: 'local-tcp' })).toBe(1);
    expect(sampleValue(families, 'probe_success', { probe: 'hosts-http' })).toBe(1);
    for (let i = 0; i < 8; i++) {
      expect(sampleValue(families, 'probe_success', { probe: `dead-${i}` })).toBe(0);
      expect(sampleValue(families, 'vigil_probe_failure_info', { probe: `dead-${i}`, reason: 'timeout' })).toBe(1);
    }
    // The dead names were really asked of the silent server (and not of the host's resolver).
    expect(dns.queries - before).toBeGreaterThanOrEqual(8);
  });
});
