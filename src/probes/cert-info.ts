// The leaf certificate facts of probe_ssl_last_chain_info, with blackbox_exporter's labels and
// value formats, and the expiry of the verified chain.
import { createHash } from 'node:crypto';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { certificateNames, goNameString } from './cert-names.js';

export interface LeafInfo {
  fingerprint_sha256: string;
  issuer: string;
  subject: string;
  subjectalternative: string;
}

/** The DNS names of a subjectAltName as Node writes it ("DNS:a, DNS:\"b,c\", IP Address:..."). */
export function dnsNames(san: string | undefined): string[] {
  if (!san) return [];
  const out: string[] = [];
  // Node quotes an entry (JSON style) when it holds a comma, quote or other special character.
  const entry = /(?:^|, )([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (let m; (m = entry.exec(san));) {
    if (m[1] !== 'DNS') continue;
    const v = m[2]!;
    out.push(v.startsWith('"') ? (JSON.parse(v) as string) : v);
  }
  return out;
}

export function leafInfo(cert: DetailedPeerCertificate): LeafInfo | undefined {
  if (!cert.raw?.length) return undefined;
  let names: ReturnType<typeof certificateNames>;
  try {
    names = certificateNames(cert.raw);
  } catch {
    return undefined;
  }
  return {
    fingerprint_sha256: createHash('sha256').update(cert.raw).digest('hex'),
    issuer: goNameString(names.issuer),
    subject: goNameString(names.subject),
    subjectalternative: dnsNames(cert.subjectaltname).join(','),
  };
}

/**
 * Earliest notAfter of the chain the handshake verified, in Unix seconds; undefined when the
 * chain was not verified (insecure_skip_verify), where blackbox_exporter has no verified
 * chain either and reports year 1 (-62135596800), a value no alert can use.
 */
export function verifiedChainExpiry(socket: TLSSocket, chainEarliest: number | undefined): number | undefined {
  return socket.authorized ? chainEarliest : undefined;
}
