import { describe, expect, it } from 'vitest';
import { configSchema, schemaForDocument } from '../../src/config/schema.js';
import { parseYaml } from '../../src/yaml/source.js';
import { checkShape } from '../../src/yaml/validate.js';
import { configErrors } from '../support/config-errors.js';

// A config file is checked against the schema of the sections it has: compiling the whole
// schema (360 KB of generated code) cost about 18 MB of resident memory at every start.
describe('the config schema a file is checked against', () => {
  it('keeps the sections the file has and leaves the others unconstrained, every key still listed', () => {
    type Schema = { properties: Record<string, unknown>; additionalProperties: boolean };
    const whole = configSchema as unknown as Schema;
    const narrowed = schemaForDocument({ scrape: { default_timeout_seconds: 5 }, probes: [] }) as Schema;
    expect(Object.keys(narrowed.properties)).toEqual(Object.keys(whole.properties));
    expect(narrowed.properties['scrape']).toBe(whole.properties['scrape']);
    expect(narrowed.properties['probes']).toBe(whole.properties['probes']);
    expect(narrowed.properties['collectors']).toEqual({});
    expect(narrowed.properties['logs']).toEqual({});
    expect(narrowed.additionalProperties).toBe(false);
    // Not a mapping: nothing to keep, and the type error still comes from the top.
    expect(Object.values((schemaForDocument(['a']) as Schema).properties).every((s) => JSON.stringify(s) === '{}')).toBe(true);
    expect(configErrors('- a\n').map((d) => d.code)).toEqual(['config-schema']);
  });

  it('still reports what the whole schema reports: a bad field inside a section, an unknown key with every key in its hint', () => {
    const [bad, ...rest] = configErrors('scrape:\n  default_timeout_seconds: 5\nprobes:\n  - {name: web, kind: http, url: 7}\n');
    expect(rest).toEqual([]);
    expect(bad).toMatchObject({ code: 'config-schema', line: 4 });
    expect(bad!.message).toMatch(/url/);
    const [unknown] = configErrors('scrape: {}\nprobe: []\n');
    expect(unknown).toMatchObject({ code: 'config-schema', line: 2, column: 1 });
    expect(unknown!.hint).toMatch(/did you mean "probes"\?/);
    for (const key of Object.keys(configSchema.properties)) expect(unknown!.hint).toContain(key);
  });

  it('keep: false compiles afresh each time and keeps nothing of the schema it was given', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    const doc = parseYaml('a: x\n', 'x.yml');
    expect(checkShape(doc, schema, 'c', { keep: false }).diagnostics).toHaveLength(1);
    schema.properties.a.type = 'string';
    expect(checkShape(doc, schema, 'c', { keep: false }).diagnostics).toEqual([]);
    // The default keeps the first compiled form of a schema object (the rule compiler checks
    // thousands of files against one schema).
    const kept = { type: 'object', properties: { a: { type: 'number' } } };
    expect(checkShape(doc, kept, 'c').diagnostics).toHaveLength(1);
    kept.properties.a.type = 'string';
    expect(checkShape(doc, kept, 'c').diagnostics).toHaveLength(1);
  });
});
