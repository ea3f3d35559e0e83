// SchemaValue reads a TypeScript type off a JSON Schema. Each case pairs the type with the
// validator on the same hand-written samples: what the type takes, ajv accepts, and what the
// type refuses (@ts-expect-error, checked by `tsc -p tsconfig.test.json`), ajv rejects. The
// type-equality lines fail the type check when the type is wider or narrower than meant.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../../src/compiler/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { webConfigSchema } from '../../src/web/schema.js';
import { CHECK_ONLY, SHAPE_KEYWORDS, type SchemaValue } from '../../src/yaml/schema-type.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when A and B are the same type. */
const same = <A, B>(proof: Equal<A, B>): boolean => proof;

const ajv = new Ajv({ strict: false, allowUnionTypes: true });
const accepts = (schema: object, value: unknown): boolean => ajv.validate(schema, value);

describe('SchemaValue', () => {
  it('reads scalars, const and enum', () => {
    const s = {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'name', 'size', 'count', 'on', 'unit'],
      properties: {
        version: { const: 1 },
        name: { type: 'string', minLength: 1 },
        size: { type: 'number' },
        count: { type: 'integer' },
        on: { type: 'boolean', const: true },
        unit: { type: 'string', enum: ['bytes', 'seconds'] },
      },
    } as const;
    type V = SchemaValue<typeof s>;
    expect(same<V, { version: 1; name: string; size: number; count: number; on: true; unit: 'bytes' | 'seconds' }>(true)).toBe(true);
    const good: V = { version: 1, name: 'a', size: 1.5, count: 2, on: true, unit: 'bytes' };
    expect(accepts(s, good)).toBe(true);
    // @ts-expect-error version is the constant 1
    const wrongVersion: V = { ...good, version: 2 };
    expect(accepts(s, wrongVersion)).toBe(false);
    // @ts-expect-error `on` is the constant true
    const off: V = { ...good, on: false };
    expect(accepts(s, off)).toBe(false);
    // @ts-expect-error minutes is not one of the units
    const unit: V = { ...good, unit: 'minutes' };
    expect(accepts(s, unit)).toBe(false);
  });

  it('makes the keys outside `required` optional, and refuses unknown keys under additionalProperties: false', () => {
    const s = {
      type: 'object',
      additionalProperties: false,
      required: ['window'],
      properties: { window: { type: 'string' }, quantile: { type: 'number' } },
    } as const;
    type V = SchemaValue<typeof s>;
    expect(same<V, { window: string; quantile?: number }>(true)).toBe(true);
    const bare: V = { window: '5m' };
    expect(accepts(s, bare)).toBe(true);
    // @ts-expect-error window is required
    const missing: V = { quantile: 0.5 };
    expect(accepts(s, missing)).toBe(false);
    // @ts-expect-error an optional key is absent, never an explicit undefined (exactOptionalPropertyTypes)
    const explicit: V = { window: '5m', quantile: undefined };
    expect(explicit.window).toBe('5m');
    // @ts-expect-error no other keys
    const extra: V = { window: '5m', other: 1 };
    expect(accepts(s, extra)).toBe(false);
  });

  it('reads additionalProperties as the type of every other key, and its absence as any value', () => {
    const labels = { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: { type: 'string' } } as const;
    expect(same<SchemaValue<typeof labels>, { [key: string]: string }>(true)).toBe(true);
    // @ts-expect-error label values are strings
    const numeric: SchemaValue<typeof labels> = { team: 1 };
    expect(accepts(labels, numeric)).toBe(false);
    const open = { type: 'object', properties: { a: { type: 'string' } } } as const;
    expect(same<SchemaValue<typeof open>, { a?: string; [key: string]: unknown }>(true)).toBe(true);
    expect(accepts(open, { a: 'x', b: 2 })).toBe(true);
  });

  it('reads properties with no names of their own (Object.fromEntries) as naming no key', () => {
    const perSeverity: Record<string, { type: 'number' }> = Object.fromEntries(['info', 'warning'].map((k) => [k, { type: 'number' }]));
    const s = { type: 'object', properties: perSeverity, additionalProperties: { type: 'number' } } as const;
    expect(same<SchemaValue<typeof s>, { [key: string]: number }>(true)).toBe(true);
    expect(accepts(s, { warning: 1, page: 2 })).toBe(true);
  });

  it('reads properties typed Record<string, ...> beside named ones as any key of that type', () => {
    const options: Readonly<Record<string, object>> & { readonly enabled: { readonly type: 'boolean' } } = {
      enabled: { type: 'boolean' },
      directory: { type: 'string' },
    };
    const s = { type: 'object', additionalProperties: false, properties: options } as const;
    expect(same<SchemaValue<typeof s>, { enabled?: boolean; [key: string]: unknown }>(true)).toBe(true);
    expect(accepts(s, { enabled: true, directory: '/x' })).toBe(true);
  });

  it('leaves allOf and if/then to ajv: the type is the common part, wider than the schema', () => {
    const s = {
      type: 'object',
      required: ['kind'],
      properties: { kind: { enum: ['tcp', 'http'] } },
      allOf: [{ if: { properties: { kind: { const: 'http' } } }, then: { required: ['url'] } }],
    } as const;
    expect(same<SchemaValue<typeof s>, { kind: 'tcp' | 'http'; [key: string]: unknown }>(true)).toBe(true);
    const noUrl: SchemaValue<typeof s> = { kind: 'http' };
    expect(accepts(s, noUrl)).toBe(false);
  });

  it('reads oneOf and anyOf as unions', () => {
    const matcher = {
      oneOf: [
        { type: 'string' },
        { type: 'object', additionalProperties: false, required: ['regex'], properties: { regex: { type: 'string' } } },
      ],
    } as const;
    expect(same<SchemaValue<typeof matcher>, string | { regex: string }>(true)).toBe(true);
    // @ts-expect-error a number is neither branch
    const n: SchemaValue<typeof matcher> = 5;
    expect(accepts(matcher, n)).toBe(false);
    const severity = { anyOf: [{ enum: ['info', 'warning'] }, { type: 'string', pattern: '^[a-z]+$' }] } as const;
    expect(same<SchemaValue<typeof severity>, string>(true)).toBe(true);
    expect(accepts(severity, 'page')).toBe(true);
  });

  it('reads an array of exactly N items as a tuple, any other array as a list', () => {
    const pair = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } as const;
    expect(same<SchemaValue<typeof pair>, [number, number]>(true)).toBe(true);
    // @ts-expect-error three items are no pair
    const three: SchemaValue<typeof pair> = [1, 2, 3];
    expect(accepts(pair, three)).toBe(false);
    expect(accepts(pair, [1, 2])).toBe(true);
    const some = { type: 'array', items: { type: 'string' }, minItems: 1 } as const;
    expect(same<SchemaValue<typeof some>, string[]>(true)).toBe(true);
    // minItems alone stays a check of ajv's: [] has the type and fails the schema.
    expect(accepts(some, [])).toBe(false);
  });
});

describe.each([
  ['the rule language schema', rulesSchema, 200],
  ['the config schema', configSchema, 100],
  ['the web config schema', webConfigSchema, 20],
])('%s', (_name, schema, size) => {
  // Every subschema of a schema, with where it is, for the keyword check.
  function* nodes(s: unknown, at: string): Generator<{ node: Record<string, unknown>; at: string }> {
    if (!s || typeof s !== 'object') return;
    const node = s as Record<string, unknown>;
    yield { node, at };
    for (const [k, v] of Object.entries((node['properties'] ?? {}) as Record<string, unknown>)) yield* nodes(v, `${at}.${k}`);
    if (typeof node['additionalProperties'] === 'object') yield* nodes(node['additionalProperties'], `${at}.*`);
    if (node['items']) yield* nodes(node['items'], `${at}[]`);
    for (const k of ['oneOf', 'anyOf']) {
      const branches = node[k];
      if (Array.isArray(branches)) for (const [i, v] of branches.entries()) yield* nodes(v, `${at}|${k}${i}`);
    }
  }

  it('uses only the keywords its types are read with, or ones that do not change a type', () => {
    const known = new Set<string>([...SHAPE_KEYWORDS, ...CHECK_ONLY]);
    const all = [...nodes(schema, '')];
    expect(all.length).toBeGreaterThan(size);
    const unknown = all.flatMap(({ node, at }) =>
      Object.keys(node)
        .filter((k) => !known.has(k))
        .map((k) => `${at}: ${k}`),
    );
    expect(unknown).toEqual([]);
  });

  it('says a union alone: oneOf, anyOf, const and enum carry no object or array shape beside them', () => {
    // SchemaValue reads a union, a const or an enum before `type`; shape beside one would be lost.
    const mixed = [...nodes(schema, '')]
      .filter(({ node }) => ['oneOf', 'anyOf', 'const', 'enum'].some((k) => k in node))
      .filter(({ node }) => ['properties', 'items', 'additionalProperties', 'required'].some((k) => k in node))
      .map(({ at }) => at);
    expect(mixed).toEqual([]);
  });
});
