// JSON Schema for the `probes` section. Owned by the probes module.
export const probesSchema = {
  type: 'array',
  description: 'Named health checks of configured targets',
  items: { type: 'object' },
} as const;
