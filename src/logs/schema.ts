// JSON Schema for the `logs` section: access logs to tail into request metrics. What a schema
// cannot say (a label from a field of a text format, names used twice) is checked in config.ts.

const labelName = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const fieldName = { type: 'string', minLength: 1, maxLength: 256 } as const;

export const logsSchema = {
  type: 'array',
  description:
    'Access logs tailed into http_requests_total, http_request_duration_seconds and http_response_size_bytes_total, one `log` label per entry.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'path', 'format'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9_.:/-]{1,128}$', description: 'unique name, the `log` label' },
      path: { type: 'string', minLength: 1, description: 'the access log file; it may not exist yet' },
      format: {
        enum: ['combined', 'common', 'nginx_timed', 'json'],
        description:
          'combined / common: the nginx and Apache formats; nginx_timed: combined then $request_time $upstream_response_time; json: one object per line, see fields',
      },
      fields: {
        type: 'object',
        additionalProperties: false,
        description: 'json only: which key of each object holds what (defaults: method, status, request_time, body_bytes_sent, request)',
        properties: {
          method: fieldName,
          status: fieldName,
          duration: fieldName,
          size: fieldName,
          request: { ...fieldName, description: 'the request line ("GET /x HTTP/1.1"), read for the method when the method key is absent' },
        },
      },
      duration_unit: {
        enum: ['seconds', 'milliseconds', 'microseconds'],
        description: 'json only: unit of the duration field (default seconds)',
      },
      labels: {
        type: 'object',
        description: 'extra labels on every series of this log: a fixed value, or {field: KEY} for a key of a json log',
        propertyNames: { pattern: labelName },
        maxProperties: 8,
        additionalProperties: {
          oneOf: [
            { type: 'string', maxLength: 1024 },
            { type: 'object', additionalProperties: false, required: ['field'], properties: { field: fieldName } },
          ],
        },
      },
      buckets: {
        type: 'array',
        minItems: 1,
        maxItems: 64,
        items: { type: 'number', exclusiveMinimum: 0 },
        description: "upper bounds in seconds of http_request_duration_seconds, increasing (default prometheus_client's: 0.005 ... 10)",
      },
      max_series: {
        type: 'integer',
        minimum: 1,
        maximum: 100000,
        description: 'distinct label sets this log may create (default 1000); lines beyond are counted in vigil_log_series_dropped_total',
      },
    },
  },
} as const;
