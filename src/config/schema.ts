// The one JSON Schema for vigil's config file. `schema/config.schema.json` is written from
// this object (a test keeps them equal) so editors can complete and check the YAML, and
// types.ts reads VigilConfig's types off it (written `as const` for that).
import { sectionSchemas } from '../sections/index.js';

/** The keys of vigil.yml's own (types.ts reads VigilConfig's from them); the sections bring the rest. */
export const ownProperties = {
  listen: {
    type: 'string',
    pattern: '^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]*):[0-9]{1,5}$',
    description: 'HOST:PORT to listen on, e.g. "0.0.0.0:9469" or "[::1]:9469"',
  },
  paths: {
    type: 'object',
    additionalProperties: false,
    properties: {
      procfs: { type: 'string', minLength: 1 },
      sysfs: { type: 'string', minLength: 1 },
      rootfs: { type: 'string', minLength: 1 },
    },
  },
  scrape: {
    type: 'object',
    additionalProperties: false,
    properties: {
      default_timeout_seconds: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 600,
        description: 'deadline when the scraper sends no X-Prometheus-Scrape-Timeout-Seconds',
      },
      timeout_offset_seconds: {
        type: 'number',
        minimum: 0,
        maximum: 60,
        description: "kept back from the scraper's timeout for rendering and the network",
      },
    },
  },
  limits: {
    type: 'object',
    additionalProperties: false,
    properties: {
      max_requests: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: "concurrent /metrics and /probe requests; more get 503 (node_exporter's --web.max-requests)",
      },
      max_series: { type: 'integer', minimum: 1, description: 'series per scrape; the rest are dropped and counted' },
      max_label_value_length: { type: 'integer', minimum: 16, description: 'longer label values drop their series, counted' },
      header_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
      request_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
    },
  },
} as const;

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/vigil-monitoring/vigil/schema/config.schema.json',
  title: 'vigil configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...ownProperties,
    // collectors, process_names, process_options, probes, logs: from the sections table.
    ...sectionSchemas,
  },
} as const;

/**
 * The config schema as a file needs it checked: the sections the file does not have are left
 * unconstrained ({}), so ajv compiles only what is there. The whole schema compiles to 360 KB
 * of code and costs about 18 MB of resident memory to build; a file with `scrape:` alone, 5 MB.
 * Every key stays listed, so an unknown key's hint still names them all.
 */
export function schemaForDocument(value: unknown): object {
  const present = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const properties = Object.fromEntries(
    Object.entries(configSchema.properties).map(([key, schema]) => [key, key in present ? schema : {}]),
  );
  return { ...configSchema, properties };
}
