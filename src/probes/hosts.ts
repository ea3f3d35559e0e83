// The two files the C library's resolver reads, parsed by hand so probes can resolve names
// without getaddrinfo: /etc/hosts (names to addresses) and /etc/resolv.conf (nameservers,
// search domains and the options that shape a lookup). Pure functions over the text.
import { isIP } from 'node:net';

/** Lower-cased name -> addresses, in file order. Later lines add to earlier ones. */
export function parseHosts(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [address, ...names] = line.split(/\s+/);
    // A zone index (fe80::1%eth0) is part of the address but not of what isIP accepts.
    if (!address || !isIP(address.replace(/%.*/, ''))) continue;
    for (const n of names) {
      const name = n.toLowerCase().replace(/\.$/, '');
      const list = out.get(name);
      if (!list) out.set(name, [address]);
      else if (!list.includes(address)) list.push(address);
    }
  }
  return out;
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  timeoutMs: number;
  attempts: number;
}

// glibc's defaults (resolv.conf(5)): no nameserver line means the local one.
const DEFAULTS: ResolvConf = { nameservers: ['127.0.0.1'], search: [], ndots: 1, timeoutMs: 5000, attempts: 2 };

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  let ndots = DEFAULTS.ndots;
  let timeoutMs = DEFAULTS.timeoutMs;
  let attempts = DEFAULTS.attempts;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*/, '').trim();
    const [key, ...args] = line.split(/\s+/);
    if (key === 'nameserver' && args[0] && isIP(args[0].replace(/%.*/, ''))) nameservers.push(args[0]);
    // The last of `domain` and `search` wins, as in glibc.
    else if (key === 'search') search = args;
    else if (key === 'domain' && args[0]) search = [args[0]];
    else if (key === 'options') {
      for (const opt of args) {
        const m = /^(ndots|timeout|attempts):(\d+)$/.exec(opt);
        if (!m) continue;
        const n = Number(m[2]);
        if (m[1] === 'ndots') ndots = Math.min(n, 15);
        else if (m[1] === 'timeout') timeoutMs = Math.min(Math.max(n, 1), 30) * 1000;
        else attempts = Math.min(Math.max(n, 1), 5);
      }
    }
  }
  return { nameservers: nameservers.length ? nameservers : DEFAULTS.nameservers, search, ndots, timeoutMs, attempts };
}

/** The names to try for `name`, in order, as the search list and ndots say. */
export function candidates(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const searched = conf.search.filter(Boolean).map((d) => `${name}.${d.replace(/\.$/, '')}`);
  const dots = name.split('.').length - 1;
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}
