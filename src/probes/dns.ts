// DNS probe: resolve a name, through the system's nameservers or a given server, and check
// the answers. Without a server, A/AAAA go through the probes' resolver so /etc/hosts counts,
// as it does for every program on the host (and getaddrinfo's threads are never used).
import { Resolver } from 'node:dns/promises';
import { fail } from './failure.js';
import { probeResolver } from './resolver.js';
import type { DnsProbe, DnsRecordType, Prober } from './types.js';

export const probeDns: Prober<DnsProbe> = async (probe, ctx) => {
  const started = performance.now();
  let answers: string[];
  try {
    answers = await resolve(probe, ctx.signal, Math.max(1, ctx.deadline - Date.now()));
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    // "No such name" and "no record of this type" are answers, not failures of the lookup.
    if (code === 'ENOTFOUND' || code === 'ENODATA') answers = [];
    else fail('dns', `query failed: ${code}`);
  } finally {
    ctx.metrics.set('probe_dns_lookup_time_seconds', (performance.now() - started) / 1000);
  }
  ctx.metrics.set('probe_dns_answer_rrs', answers.length);
  if (probe.failIfNoAnswer && answers.length === 0) fail('dns', `no ${probe.type} answer for ${probe.query}`);
  const have = new Set(answers.map(normalise));
  for (const want of probe.expect) {
    if (!have.has(normalise(want))) fail('dns', `answer ${want} is missing`);
  }
};

function normalise(v: string): string {
  return v.toLowerCase().replace(/\.$/, '');
}

async function resolve(probe: DnsProbe, signal: AbortSignal, budgetMs: number): Promise<string[]> {
  if (!probe.server && (probe.type === 'A' || probe.type === 'AAAA')) {
    const all = await probeResolver().lookup(probe.query, probe.type === 'A' ? 4 : 6, signal);
    return all.map((a) => a.address);
  }
  let resolver: Resolver;
  if (probe.server) {
    resolver = new Resolver({ timeout: Math.ceil(budgetMs), tries: 1 });
    resolver.setServers([probe.server]);
  } else {
    resolver = probeResolver().resolver(budgetMs);
  }
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return flatten(probe.type, await resolver.resolve(probe.query, probe.type as 'A'));
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** Each record type answers in its own shape; compare them as the text a zone file shows. */
function flatten(type: DnsRecordType, records: unknown[]): string[] {
  return records.map((r) => {
    if (typeof r === 'string') return r;
    if (Array.isArray(r)) return r.join('');
    const o = r as Record<string, unknown>;
    switch (type) {
      case 'MX':
        return `${String(o['priority'])} ${String(o['exchange'])}`;
      case 'SRV':
        return `${String(o['priority'])} ${String(o['weight'])} ${String(o['port'])} ${String(o['name'])}`;
      case 'CAA':
        return `${String(o['critical'])} ${Object.keys(o)
          .filter((k) => k !== 'critical')
          .map((k) => `${k} ${String(o[k])}`)
          .join(' ')}`;
      default:
        return JSON.stringify(r);
    }
  });
}
