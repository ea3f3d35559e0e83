// exporter-toolkit's web config names TLS settings the way Go's crypto/tls does; Node speaks
// OpenSSL. These tables translate one into the other, so a node_exporter web.yml works
// unchanged. A name Go knows but Node's OpenSSL cannot offer is refused by load.ts with its
// position rather than left to fail every handshake.

/** Go's TLS 1.0-1.2 cipher suite names (tls.CipherSuites() and tls.InsecureCipherSuites()) → OpenSSL's. */
export const GO_CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  // Go's older spellings of the two above.
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
};

/** Go names Node's OpenSSL 3 has no cipher for (RC4 left the default provider). */
export const GO_UNAVAILABLE_SUITES = new Set([
  'TLS_RSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
]);

/**
 * Go's TLS 1.3 suites. Go does not let them be configured (cipher_suites applies to TLS 1.2
 * and below) but accepts their names, so vigil does too, and always offers all three.
 */
export const GO_TLS13_SUITES = new Set(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
const OPENSSL_TLS13_SUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

/** Go's tls.CurveID names → OpenSSL group names. */
export const GO_CURVES: Readonly<Record<string, string>> = {
  CurveP256: 'P-256',
  CurveP384: 'P-384',
  CurveP521: 'P-521',
  X25519: 'X25519',
};

/**
 * The OpenSSL cipher string for exporter-toolkit's cipher_suites and versions. TLS 1.0 and 1.1
 * need SHA-1 signatures, which OpenSSL 3 refuses at its default security level 1+; a config
 * that asks for them gets level 0, as Go allows them when min_version says so.
 */
export function opensslCiphers(goSuites: readonly string[] | undefined, allowsLegacy: boolean, defaults: string): string | undefined {
  const tls12 = (goSuites ?? []).filter((s) => !GO_TLS13_SUITES.has(s)).map((s) => GO_CIPHER_SUITES[s]!);
  if (!tls12.length && !allowsLegacy) return undefined;
  const list = tls12.length ? `${OPENSSL_TLS13_SUITES}:${tls12.join(':')}` : defaults;
  return allowsLegacy ? `${list}:@SECLEVEL=0` : list;
}
