// JSON Schema for the `probes` section. One strict object schema per kind, selected by
// `kind` with if/then rather than a bare oneOf: with oneOf, a typo in an http probe would
// also be reported as a mismatch against the six other kinds, burying the one real error.
import { MAX_BODY_SIZE_LIMIT } from './body.js';
import { GO_DURATION_PATTERN } from './go-duration.js';

const duration = (description: string) => ({ type: 'string', pattern: GO_DURATION_PATTERN, description }) as const;
const regexList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description }) as const;
const envName = {
  type: 'string',
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description: 'name of an environment variable holding the secret',
} as const;
const filePath = {
  type: 'string',
  minLength: 1,
  description: 'path of a file holding the secret (a trailing newline is dropped)',
} as const;

const common = {
  name: { type: 'string', pattern: '^[A-Za-z0-9_.:/-]{1,128}$', description: 'unique name, the `probe` label and the /probe?name= key' },
  kind: { type: 'string' },
  timeout: duration(
    'upper bound of one run, a Go duration as in blackbox_exporter, e.g. "5s", "1.5s", "500ms" (default 10s); always cut to fit the scrape timeout',
  ),
} as const;

const host = { type: 'string', minLength: 1, description: 'host name or IP address' } as const;
const port = { type: 'integer', minimum: 1, maximum: 65535 } as const;
const ipPreference = {
  preferred_ip_protocol: { enum: ['ip4', 'ip6'], description: 'address family tried first when a name resolves to both (default ip4)' },
  ip_protocol_fallback: { type: 'boolean', description: 'use the other family when the preferred one has no address (default true)' },
} as const;

const tlsSettings = {
  type: 'object',
  additionalProperties: false,
  description: 'client TLS settings',
  properties: {
    insecure_skip_verify: { type: 'boolean', description: 'do not verify the server certificate chain and name (default false)' },
    server_name: { type: 'string', minLength: 1, description: 'name sent in SNI and checked against the certificate' },
    ca_file: { type: 'string', minLength: 1, description: 'PEM file of CA certificates to trust instead of the system ones' },
    cert_file: { type: 'string', minLength: 1, description: 'PEM client certificate (needs key_file)' },
    key_file: { type: 'string', minLength: 1, description: 'PEM private key of the client certificate' },
  },
} as const;
const tlsOnOff = { oneOf: [{ type: 'boolean' }, tlsSettings], description: 'true, or TLS settings, to speak TLS' } as const;

const headerValue = {
  oneOf: [
    { type: 'string', description: 'a plain value; secrets must use value_env or value_file' },
    { type: 'object', additionalProperties: false, required: ['value_env'], properties: { value_env: envName } },
    { type: 'object', additionalProperties: false, required: ['value_file'], properties: { value_file: filePath } },
  ],
} as const;

const kinds = {
  http: {
    required: ['url'],
    properties: {
      url: {
        type: 'string',
        pattern: '^https?://',
        description: 'http:// or https:// URL; no user:password@ and no credential query parameter (access_token=, api_key=, ...)',
      },
      method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], description: 'default GET' },
      headers: { type: 'object', additionalProperties: headerValue, description: 'request headers' },
      body: { type: 'string', description: 'request body' },
      basic_auth: {
        type: 'object',
        additionalProperties: false,
        required: ['username'],
        properties: { username: { type: 'string', minLength: 1 }, password_env: envName, password_file: filePath },
      },
      bearer_token_env: envName,
      bearer_token_file: filePath,
      valid_status_codes: {
        type: 'array',
        items: { type: 'integer', minimum: 100, maximum: 599 },
        description: 'accepted status codes (default any 2xx)',
      },
      fail_if_body_matches: regexList('fail when the body matches any of these regular expressions (RE2 syntax)'),
      fail_if_body_not_matches: regexList('fail unless the body matches every one of these regular expressions (RE2 syntax)'),
      follow_redirects: { type: 'boolean', description: 'follow 3xx responses (default true)' },
      follow_cross_origin_redirects: {
        type: 'boolean',
        description:
          'also follow redirects to another scheme, host or port (default false: such a redirect fails the probe); secret headers and the body are never sent there',
      },
      max_redirects: { type: 'integer', minimum: 0, maximum: 20, description: 'default 10' },
      fail_if_not_ssl: { type: 'boolean', description: 'fail when the final response did not come over TLS' },
      body_size_limit: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_BODY_SIZE_LIMIT,
        description: `bytes of body read at most; a longer body fails the probe (default 1048576, at most ${MAX_BODY_SIZE_LIMIT}: 64 MiB)`,
      },
      tls: tlsSettings,
      ...ipPreference,
    },
  },
  tcp: {
    required: ['host', 'port'],
    properties: {
      host,
      port,
      query_response: {
        type: 'array',
        description: 'steps run in order after connecting: send a line, or wait for a line matching a regex',
        items: {
          oneOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['send'],
              properties: { send: { type: 'string', description: 'text sent followed by \\n' } },
            },
            {
              type: 'object',
              additionalProperties: false,
              required: ['expect'],
              properties: { expect: { type: 'string', minLength: 1, description: 'regex (RE2 syntax) a received line must match' } },
            },
          ],
        },
      },
      tls: tlsOnOff,
      ...ipPreference,
    },
  },
  tls: {
    required: ['host', 'port'],
    properties: { host, port, tls: tlsSettings, ...ipPreference },
  },
  dns: {
    required: ['query_name'],
    properties: {
      query_name: { type: 'string', minLength: 1, description: 'name to resolve' },
      query_type: { enum: ['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'SRV', 'PTR', 'CAA'], description: 'default A' },
      server: {
        type: 'string',
        pattern: '^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+)(:[0-9]{1,5})?$',
        description: 'resolver as IP or IP:port ("127.0.0.1:53", "[::1]:53"); the system resolver when absent',
      },
      expect: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'values that must all be among the answers' },
      fail_if_no_answer: { type: 'boolean', description: 'default true' },
    },
  },
  redis: {
    required: ['host', 'port'],
    properties: {
      host,
      port,
      username: { type: 'string', minLength: 1, description: 'ACL user (Redis 6+); "default" when only a password is given' },
      password_env: envName,
      password_file: filePath,
      tls: tlsOnOff,
    },
  },
  postgres: {
    required: ['host', 'user'],
    properties: {
      host: { type: 'string', minLength: 1, description: "host name, IP, or the directory of the server's unix socket" },
      port: { ...port, description: 'default 5432' },
      user: { type: 'string', minLength: 1 },
      database: { type: 'string', minLength: 1, description: 'default: the user name' },
      password_env: envName,
      password_file: filePath,
      query: { type: 'string', minLength: 1, description: 'run in a read-only transaction (default "SELECT 1")' },
      tls: tlsOnOff,
    },
  },
  exec: {
    required: ['command'],
    properties: {
      command: {
        type: 'array',
        minItems: 1,
        items: { type: 'string' },
        description:
          'the program (an absolute path, or a name looked up in PATH) and its arguments, run without a shell; exit status 0 is success',
      },
      working_directory: {
        type: 'string',
        pattern: '^/',
        description: "absolute path of the directory the command runs in (default: vigil's)",
      },
      env: {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        additionalProperties: headerValue,
        description:
          "the command's environment besides PATH (nothing else of vigil's is passed); secrets from {value_env: VAR} or {value_file: /path}",
      },
      metrics: {
        type: 'boolean',
        description: "parse stdout as Prometheus text format and serve its series with the probe's labels (default false)",
      },
    },
  },
} as const;

export const PROBE_KINDS = Object.keys(kinds) as (keyof typeof kinds)[];

export const probesSchema = {
  type: 'array',
  description: 'Named health checks of configured targets',
  items: {
    type: 'object',
    required: ['name', 'kind'],
    properties: { kind: { enum: PROBE_KINDS, description: 'what to check: http, tcp, tls, dns, redis, postgres or exec' } },
    allOf: Object.entries(kinds).map(([kind, k]) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'kind', ...k.required],
        properties: { ...common, ...k.properties },
      },
    })),
  },
} as const;
