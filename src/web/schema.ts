// The web configuration file that node_exporter and every exporter built on Prometheus's
// exporter-toolkit accept (--web.config.file), so one file and one habit serve them all.
import type { SchemaValue } from '../yaml/schema-type.js';

export const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'] as const;
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export const ALLOWED_HEADERS = [
  'Content-Security-Policy',
  'X-Frame-Options',
  'X-Content-Type-Options',
  'X-XSS-Protection',
  'Strict-Transport-Security',
] as const;

export const webConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'vigil web configuration (exporter-toolkit format)',
  type: 'object',
  additionalProperties: false,
  properties: {
    tls_server_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cert_file: { type: 'string', minLength: 1 },
        key_file: { type: 'string', minLength: 1 },
        client_auth_type: { enum: [...CLIENT_AUTH_TYPES] },
        client_ca_file: { type: 'string', minLength: 1 },
        client_allowed_sans: { type: 'array', items: { type: 'string' } },
        min_version: { enum: [...TLS_VERSIONS] },
        max_version: { enum: [...TLS_VERSIONS] },
        cipher_suites: { type: 'array', items: { type: 'string' } },
        curve_preferences: { type: 'array', items: { type: 'string' } },
        prefer_server_cipher_suites: { type: 'boolean' },
      },
    },
    http_server_config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        http2: { type: 'boolean' },
        headers: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(ALLOWED_HEADERS.map((h) => [h, { type: 'string' } as const])),
        },
      },
    },
    basic_auth_users: {
      type: 'object',
      additionalProperties: { type: 'string' },
    },
  },
} as const;

/** A web config as the shape check passes it: its type is read off the schema above. */
export type WebConfig = SchemaValue<typeof webConfigSchema>;
