// The `listen` address (config key, --listen flag), checked before anything tries to bind it.
import { isIPv4, isIPv6 } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

// A DNS name as RFC 1123 allows it: letters, digits and hyphens between dots.
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** HOST:PORT or [IPv6]:PORT, or a sentence saying what is wrong with it. */
export function parseListenAddress(listen: string): ListenAddress | string {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!m) return `listen address "${listen}" is not HOST:PORT (e.g. 0.0.0.0:9469 or [::1]:9469)`;
  const port = Number(m[3]);
  if (port > 65535) return `listen port ${m[3]} is out of range: a port is 0 to 65535`;
  if (m[1] !== undefined) {
    if (!isIPv6(m[1])) return `listen host [${m[1]}] is not an IPv6 address`;
    return { host: m[1], port };
  }
  const host = m[2] || '0.0.0.0';
  // Digits and dots only must be an IPv4 address: 256.1.1.1 would otherwise go to DNS.
  if (/^[\d.]+$/.test(host)) return isIPv4(host) ? { host, port } : `listen host ${host} is not a valid IPv4 address`;
  if (!HOSTNAME.test(host)) return `listen host "${host}" is neither an IP address nor a host name`;
  return { host, port };
}
