// Reading --web.config.file: shape, bcrypt hashes, Go TLS names (go-tls.ts) and the PEM files
// are all checked at start-up with their positions, so a bad file refuses to start rather than
// failing every request.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import { parseYaml, type PathSegment, type YamlDocument } from '../yaml/source.js';
import { checkShape } from '../yaml/validate.js';
import { GO_CIPHER_SUITES, GO_CURVES, GO_TLS13_SUITES, GO_UNAVAILABLE_SUITES } from './go-tls.js';
import { webConfigSchema, type WebConfig } from './schema.js';

export interface LoadedWebConfig {
  config: WebConfig;
  /** PEM contents, read and checked at start-up so a bad file refuses to start. */
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  /** Settings accepted but not acted on, each with its position, for the start-up log. */
  warnings?: Diagnostic[];
}

// bcrypt's modular crypt format: $2a$/$2b$/$2y$, a two-digit cost, 53 characters of salt+hash.
const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

export function loadWebConfigFile(file: string): LoadedWebConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DiagnosticError([
      { code: 'web-config-unreadable', file, line: 1, column: 1, message: `cannot read web config file: ${(err as Error).message}` },
    ]);
  }
  return parseWebConfig(text, file);
}

export function parseWebConfig(text: string, file: string): LoadedWebConfig {
  const doc = parseYaml(text, file);
  if (doc.value === null || doc.value === undefined) return { config: {} };
  const warnings: Diagnostic[] = [];
  // basic_auth_users should hold hashes; when one holds the password itself, no quoted line
  // may show it, whatever the diagnostic on that line is about.
  const secrets = userEntries(doc);
  const masked = (ds: Diagnostic[]) => (secrets.length ? ds.map((d) => ({ ...d, secrets })) : ds);
  // Read once at start: nothing of the compiled schema is kept.
  const shape = checkShape(doc, webConfigSchema, 'web-config-schema', { keep: false });
  if (!shape.value) throw new DiagnosticError(masked(shape.diagnostics));
  const config = shape.value;
  const problems: Diagnostic[] = [];
  const at = (path: PathSegment[], code: string, message: string, hint?: string, which: 'value' | 'key' = 'value') => {
    const p = doc.locate(path, which);
    const d: Diagnostic = { code, file, line: p.line, column: p.column, message };
    if (hint) d.hint = hint;
    problems.push(d);
  };

  if (config.http_server_config?.http2 === true) {
    const p = doc.locate(['http_server_config', 'http2']);
    warnings.push({
      code: 'web-config-http2-ignored',
      file,
      line: p.line,
      column: p.column,
      severity: 'warning',
      message: 'http_server_config.http2: vigil serves HTTP/1.1 only; clients offered h2 by ALPN fall back to HTTP/1.1',
      hint: 'Prometheus and every Go client negotiate HTTP/1.1 with vigil unchanged; set http2: false to silence this',
    });
  }

  for (const [user, hash] of Object.entries(config.basic_auth_users ?? {})) {
    const m = BCRYPT.exec(hash);
    if (!m) {
      at(
        ['basic_auth_users', user],
        'web-config-bad-hash',
        `basic_auth_users.${user} is not a bcrypt hash`,
        'store bcrypt hashes ($2y$10$...), e.g. from `htpasswd -nBC 10 "" | tr -d \':\\n\'`; never the password itself',
      );
    } else if (Number(m[1]) < 4 || Number(m[1]) > 31) {
      at(['basic_auth_users', user], 'web-config-bad-hash', `basic_auth_users.${user} has bcrypt cost ${m[1]}, outside 4..31`);
    }
  }

  let tls: LoadedWebConfig['tls'];
  const t = config.tls_server_config;
  if (t) {
    const base = dirname(file);
    const read = (key: 'cert_file' | 'key_file' | 'client_ca_file'): Buffer | undefined => {
      const f = t[key];
      if (!f) return undefined;
      try {
        return readFileSync(isAbsolute(f) ? f : join(base, f));
      } catch (err) {
        at(['tls_server_config', key], 'web-config-unreadable-file', `tls_server_config.${key}: ${(err as Error).message}`);
        return undefined;
      }
    };
    if (!t.cert_file) at(['tls_server_config'], 'web-config-missing-cert', 'tls_server_config needs cert_file', undefined, 'key');
    if (!t.key_file) at(['tls_server_config'], 'web-config-missing-key', 'tls_server_config needs key_file', undefined, 'key');
    const cert = read('cert_file');
    const key = read('key_file');
    const ca = read('client_ca_file');
    const x509 = cert ? checkCert(cert, at) : undefined;
    const privateKey = key ? checkKey(key) : undefined;
    if (key && !privateKey)
      at(['tls_server_config', 'key_file'], 'web-config-bad-key', 'tls_server_config.key_file is not a PEM private key');
    if (x509 && privateKey && !x509.checkPrivateKey(privateKey)) {
      at(
        ['tls_server_config', 'key_file'],
        'web-config-key-mismatch',
        'tls_server_config.key_file is not the private key of cert_file',
        'point key_file at the key the certificate was issued for',
      );
    }
    const auth = t.client_auth_type ?? 'NoClientCert';
    if (t.client_ca_file && auth === 'NoClientCert') {
      at(
        ['tls_server_config', 'client_ca_file'],
        'web-config-ca-without-auth',
        'client_ca_file is set but client_auth_type is not',
        'set client_auth_type (e.g. RequireAndVerifyClientCert); a CA without a policy would silently verify nothing',
      );
    }
    if ((auth === 'RequireAndVerifyClientCert' || auth === 'VerifyClientCertIfGiven') && !t.client_ca_file) {
      at(['tls_server_config', 'client_auth_type'], 'web-config-auth-without-ca', `client_auth_type ${auth} needs client_ca_file`);
    }
    (t.cipher_suites ?? []).forEach((name, i) => {
      if (GO_UNAVAILABLE_SUITES.has(name)) {
        at(
          ['tls_server_config', 'cipher_suites', i],
          'web-config-unavailable-cipher',
          `cipher suite ${name} (RC4) is not available in Node's OpenSSL`,
          'remove it; RC4 is broken and Go lists it only as insecure',
        );
      } else if (!GO_CIPHER_SUITES[name] && !GO_TLS13_SUITES.has(name)) {
        at(
          ['tls_server_config', 'cipher_suites', i],
          'web-config-unknown-cipher',
          `unknown cipher suite ${JSON.stringify(name)}`,
          `use Go's names as exporter-toolkit does, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; known: ${Object.keys(GO_CIPHER_SUITES).join(', ')}`,
        );
      }
    });
    (t.curve_preferences ?? []).forEach((name, i) => {
      if (!GO_CURVES[name]) {
        at(
          ['tls_server_config', 'curve_preferences', i],
          'web-config-unknown-curve',
          `unknown curve ${JSON.stringify(name)}`,
          `use Go's names as exporter-toolkit does: ${Object.keys(GO_CURVES).join(', ')}`,
        );
      }
    });
    const order = ['TLS10', 'TLS11', 'TLS12', 'TLS13'];
    if (t.min_version && t.max_version && order.indexOf(t.min_version) > order.indexOf(t.max_version)) {
      at(
        ['tls_server_config', 'max_version'],
        'web-config-bad-versions',
        `max_version ${t.max_version} is below min_version ${t.min_version}`,
      );
    }
    if (cert && key) tls = ca ? { cert, key, ca } : { cert, key };
  }
  if (problems.length) throw new DiagnosticError(masked(problems));
  const loaded: LoadedWebConfig = tls ? { config, tls } : { config };
  if (warnings.length) loaded.warnings = masked(warnings);
  return loaded;
}

/** Where each basic_auth_users value starts. */
function userEntries(doc: YamlDocument): { line: number; column: number }[] {
  const users = (doc.value as { basic_auth_users?: unknown } | null)?.basic_auth_users;
  if (!users || typeof users !== 'object') return [];
  return Object.keys(users).map((u) => doc.locate(['basic_auth_users', u]));
}

function checkCert(pem: Buffer, at: (p: PathSegment[], c: string, m: string) => void): X509Certificate | undefined {
  let c: X509Certificate;
  try {
    c = new X509Certificate(pem);
  } catch {
    at(['tls_server_config', 'cert_file'], 'web-config-bad-cert', 'tls_server_config.cert_file is not a PEM certificate');
    return undefined;
  }
  if (new Date(c.validTo).getTime() < Date.now()) {
    at(['tls_server_config', 'cert_file'], 'web-config-expired-cert', `tls_server_config.cert_file expired on ${c.validTo}`);
  }
  return c;
}

function checkKey(pem: Buffer): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}
