import { describe, expect, it } from 'vitest';
import { fnv1a32, ipHash } from '../../src/probes/ip-hash.js';
import { dnsNames } from '../../src/probes/cert-info.js';

describe('ipHash', () => {
  it('is FNV-1a 32 of the address bytes, as blackbox_exporter hashes them', () => {
    // The published FNV-1a test vectors: "" and "a".
    expect(fnv1a32(new Uint8Array())).toBe(0x811c9dc5);
    expect(fnv1a32(Buffer.from('a'))).toBe(0xe40c292c);
    // 127.0.0.1 as the real blackbox_exporter 0.23 reports it (blackbox-extra.test.ts).
    expect(ipHash('127.0.0.1')).toBe(3668918509);
    expect(ipHash('127.0.0.1')).not.toBe(fnv1a32(Buffer.from('127.0.0.1')));
  });

  it('hashes the 16 bytes of an IPv6 address however it is written, and an IPv4-mapped one as IPv4', () => {
    const loop6 = fnv1a32(Uint8Array.from([...new Array<number>(15).fill(0), 1]));
    expect(ipHash('::1')).toBe(loop6);
    expect(ipHash('0:0:0:0:0:0:0:1')).toBe(loop6);
    expect(ipHash('::ffff:127.0.0.1')).toBe(ipHash('127.0.0.1'));
    expect(ipHash('::ffff:7f00:1')).toBe(ipHash('127.0.0.1'));
    expect(ipHash('2001:db8::1')).toBe(fnv1a32(Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])));
  });
});

describe('dnsNames', () => {
  it("keeps only DNS entries of Node's subjectaltname, quoted ones unquoted", () => {
    expect(dnsNames('DNS:localhost, IP Address:127.0.0.1, DNS:"a,b.example", email:x@y')).toEqual(['localhost', 'a,b.example']);
    expect(dnsNames(undefined)).toEqual([]);
  });
});
