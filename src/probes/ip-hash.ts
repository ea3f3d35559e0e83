// probe_ip_addr_hash as blackbox_exporter computes it: FNV-1a (32 bit) of the address's bytes,
// 4 for IPv4 (an IPv4-mapped IPv6 address included, as Go's To4 does), 16 for IPv6. Not of
// its text: 127.0.0.1 hashes to 3668918509, the value the real blackbox_exporter reports.
import { isIPv4, isIPv6 } from 'node:net';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a32(bytes: Uint8Array): number {
  let h = FNV_OFFSET;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h;
}

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address, or 4 when it is an IPv4-mapped one. */
function v6Bytes(ip: string): number[] {
  const bare = ip.split('%')[0]!;
  let text = bare;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = v4Bytes(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (s: string) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  const words = [...left, ...fill, ...right].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

export function ipHash(ip: string): number {
  if (isIPv4(ip)) return fnv1a32(Uint8Array.from(v4Bytes(ip)));
  if (isIPv6(ip.split('%')[0]!)) return fnv1a32(Uint8Array.from(v6Bytes(ip)));
  return fnv1a32(Buffer.from(ip));
}
