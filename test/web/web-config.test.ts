import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWebConfig } from '../../src/web/load.js';
import { DiagnosticError } from '../../src/yaml/diagnostic.js';
import { makePki, type TestPki } from '../support/certs.js';

let pki: TestPki;
beforeAll(() => {
  pki = makePki();
});

function codes(text: string): string[] {
  try {
    parseWebConfig(text, join(pki.dir, 'web.yml'));
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
    throw err;
  }
  return [];
}

const HASH = '$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG';

describe('web config files', () => {
  const good: [string, () => string][] = [
    ['an empty file means plain HTTP without auth', () => ''],
    ['basic auth users with bcrypt hashes are accepted', () => `basic_auth_users:\n  prometheus: '${HASH}'\n`],
    ['a certificate and key are accepted', () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n`],
    ['paths are relative to the web config file', () => 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n'],
    [
      'mTLS with a client CA and a policy is accepted',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  client_ca_file: ${pki.caCert}\n  client_auth_type: RequireAndVerifyClientCert\n  min_version: TLS13\n`,
    ],
    [
      'Go cipher suite and curve names, as exporter-toolkit takes them, are accepted',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]\n  curve_preferences: [CurveP256, CurveP384, CurveP521, X25519]\n  min_version: TLS10\n  prefer_server_cipher_suites: true\n`,
    ],
    [
      'the allowed security headers are accepted',
      () => 'http_server_config:\n  headers:\n    X-Frame-Options: deny\n    Strict-Transport-Security: max-age=31536000\n',
    ],
  ];
  for (const [name, text] of good) {
    it(`Having ${name}`, () => {
      expect(codes(text())).toEqual([]);
    });
  }

  const bad: [string, () => string, string[]][] = [
    [
      'a missing certificate file should fail',
      () => `tls_server_config:\n  cert_file: /nonexistent.crt\n  key_file: ${pki.serverKey}\n`,
      ['web-config-unreadable-file@2:14'],
    ],
    [
      'a key without a certificate should fail',
      () => `tls_server_config:\n  key_file: ${pki.serverKey}\n`,
      ['web-config-missing-cert@1:1'],
    ],
    [
      'a key file that is not a key should fail',
      () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverCert}\n`,
      ['web-config-bad-key@3:13'],
    ],
    ['a password where a bcrypt hash belongs should fail', () => 'basic_auth_users:\n  alice: hunter2\n', ['web-config-bad-hash@2:10']],
    [
      'an unknown TLS version should fail',
      () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  min_version: TLS14\n`,
      ['web-config-schema@4:16'],
    ],
    [
      'a client CA without a client-auth policy should fail',
      () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  client_ca_file: ${pki.caCert}\n`,
      ['web-config-ca-without-auth@4:19'],
    ],
    [
      'a verifying policy without a CA should fail',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  client_auth_type: RequireAndVerifyClientCert\n`,
      ['web-config-auth-without-ca@4:21'],
    ],
    [
      'a header outside the allowed list should fail',
      () => 'http_server_config:\n  headers:\n    Set-Cookie: a=b\n',
      ['web-config-schema@3:5'],
    ],
    [
      'an OpenSSL cipher name where exporter-toolkit takes Go names should fail',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  cipher_suites:\n    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n    - ECDHE-RSA-AES128-GCM-SHA256\n`,
      ['web-config-unknown-cipher@6:7'],
    ],
    [
      'an RC4 suite that Node cannot offer should fail',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n`,
      ['web-config-unavailable-cipher@4:19'],
    ],
    [
      'an OpenSSL curve name where exporter-toolkit takes Go names should fail',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  curve_preferences: [CurveP256, prime256v1]\n`,
      ['web-config-unknown-curve@4:34'],
    ],
    [
      "a key that is not the certificate's should fail",
      () => `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.clientKey}\n`,
      ['web-config-key-mismatch@3:13'],
    ],
    [
      'max_version below min_version should fail',
      () =>
        `tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.serverKey}\n  min_version: TLS13\n  max_version: TLS12\n`,
      ['web-config-bad-versions@5:16'],
    ],
  ];
  for (const [name, text, expected] of bad) {
    it(`Having ${name}`, () => {
      expect(codes(text())).toEqual(expected);
    });
  }

  it('refuses a certificate file that holds garbage', () => {
    const f = join(pki.dir, 'garbage.crt');
    writeFileSync(f, 'not a certificate');
    expect(codes(`tls_server_config:\n  cert_file: ${f}\n  key_file: ${pki.serverKey}\n`)).toEqual(['web-config-bad-cert@2:14']);
  });

  it('accepts http2: true, as upstream defaults it, with a positioned warning that vigil serves HTTP/1.1', () => {
    const loaded = parseWebConfig('http_server_config:\n  http2: true\n', join(pki.dir, 'web.yml'));
    expect(loaded.warnings?.map((d) => `${d.severity} ${d.code}@${d.line}:${d.column}`)).toEqual(['warning web-config-http2-ignored@2:10']);
    expect(parseWebConfig('http_server_config:\n  http2: false\n', join(pki.dir, 'web.yml')).warnings).toBeUndefined();
  });
});
