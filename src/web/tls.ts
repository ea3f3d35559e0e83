// The web config's tls_server_config as Node's https options, with the client-certificate
// policies (client_auth_type) Node's options cannot express checked on each connection.
import { DEFAULT_CIPHERS, type TLSSocket, type SecureVersion } from 'node:tls';
import type { ServerOptions } from 'node:https';
import { GO_CURVES, opensslCiphers } from './go-tls.js';
import type { LoadedWebConfig } from './load.js';

const VERSIONS: Record<string, SecureVersion> = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };

export interface TlsSetup {
  options: ServerOptions;
  /** Enforces the client-auth policies Node's options alone cannot express. */
  onSecureConnection(socket: TLSSocket): void;
}

// exporter-toolkit's client_auth_type values, mapped onto what Node's TLS can check.
export function tlsSetup(web: LoadedWebConfig): TlsSetup | undefined {
  const t = web.config.tls_server_config;
  if (!t || !web.tls) return undefined;
  const auth = t.client_auth_type ?? 'NoClientCert';
  const options: ServerOptions = {
    cert: web.tls.cert,
    key: web.tls.key,
    minVersion: VERSIONS[t.min_version ?? 'TLS12'],
    requestCert: auth !== 'NoClientCert',
    rejectUnauthorized: auth === 'RequireAndVerifyClientCert',
  };
  if (t.max_version) options.maxVersion = VERSIONS[t.max_version];
  if (web.tls.ca) options.ca = web.tls.ca;
  // Names were checked by load.ts; here they are only translated from Go's to OpenSSL's.
  const legacy = (t.min_version ?? 'TLS12') === 'TLS10' || t.min_version === 'TLS11';
  const ciphers = opensslCiphers(t.cipher_suites, legacy, DEFAULT_CIPHERS);
  if (ciphers) options.ciphers = ciphers;
  if (t.curve_preferences?.length) options.ecdhCurve = t.curve_preferences.map((c) => GO_CURVES[c]!).join(':');
  if (t.prefer_server_cipher_suites !== undefined) options.honorCipherOrder = t.prefer_server_cipher_suites;
  const allowedSans = t.client_allowed_sans ?? [];
  return {
    options,
    onSecureConnection(socket) {
      if (auth === 'NoClientCert' || auth === 'RequestClientCert') return;
      const peer = socket.getPeerCertificate();
      const presented = !!peer && Object.keys(peer).length > 0;
      if (auth === 'RequireAnyClientCert' && !presented) socket.destroy();
      else if (auth === 'VerifyClientCertIfGiven' && presented && !socket.authorized) socket.destroy();
      else if (allowedSans.length && presented) {
        const sans = (peer.subjectaltname ?? '').split(',').map((s) => s.trim().replace(/^(DNS|IP Address|email|URI):/, ''));
        if (!sans.some((s) => allowedSans.includes(s))) socket.destroy();
      }
    },
  };
}
