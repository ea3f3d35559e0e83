// JSON Schema for the `process_names` section (process-exporter's matcher list) and
// `process_options`. Owned by the process-groups module.
export const processNamesSchema = {
  type: 'array',
  description: "process-exporter's process_names list, pasted verbatim",
  items: { type: 'object' },
} as const;

export const processOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const;
