import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';

describe('the shipped config JSON Schema', () => {
  it('is the schema vigil validates with (regenerate with `node scripts/write-schema.mjs`)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(configSchema)));
  });
});
