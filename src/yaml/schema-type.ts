// The TypeScript type of the values a JSON Schema accepts, read off the schema object itself
// (written `as const`), so a language is described once: the schema ajv validates with and
// editors read is also where its types come from. It knows the keywords vigil's schemas use
// for shape (SHAPE_KEYWORDS); the others only narrow values a type cannot tell apart
// (patterns, lengths, bounds, CHECK_ONLY) or are for people (description).
// test/yaml/schema-type.test.ts fails on a schema that uses a keyword this file does not know.

/** The value a schema accepts. */
export type SchemaValue<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { oneOf: readonly unknown[] }
      ? EachOf<S['oneOf']>
      : S extends { anyOf: readonly unknown[] }
        ? EachOf<S['anyOf']>
        : S extends { type: 'string' }
          ? string
          : S extends { type: 'number' | 'integer' }
            ? number
            : S extends { type: 'boolean' }
              ? boolean
              : S extends { type: 'array'; items: infer I }
                ? ArrayOf<S, SchemaValue<I>>
                : S extends { type: 'object' }
                  ? ObjectOf<S>
                  : unknown;

/** The keywords SchemaValue reads; the schema tests check that every schema keeps to them and to CHECK_ONLY. */
export const SHAPE_KEYWORDS = [
  'const',
  'enum',
  'oneOf',
  'anyOf',
  'type',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
] as const;
/**
 * Keywords SchemaValue leaves to ajv: they only narrow the values a schema takes (or describe
 * them), so without them a type is wider than its schema, never narrower. allOf and if/then
 * (the probes' keys by kind) are among them: a probe's type is its common part.
 */
export const CHECK_ONLY = [
  '$schema',
  '$id',
  'title',
  'description',
  'default',
  'pattern',
  'propertyNames',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'allOf',
  'if',
  'then',
  'not',
] as const;

type EachOf<T extends readonly unknown[]> = { [K in keyof T]: SchemaValue<T[K]> }[number];

// An array of exactly N items (minItems = maxItems, e.g. [low, high]) is a tuple.
type ArrayOf<S, V> = S extends { minItems: infer N extends number; maxItems: infer M extends number }
  ? N extends M
    ? Tuple<V, N>
    : V[]
  : V[];
type Tuple<V, N extends number, T extends V[] = []> = T['length'] extends N ? T : Tuple<V, N, [...T, V]>;

type PropsOf<S> = S extends { properties: infer P } ? P : object;
type RequiredOf<S> = S extends { required: readonly (infer R)[] } ? R : never;
// Properties typed with an index signature (built with Object.fromEntries, or a table typed
// Record<string, ...>) name no key of their own: any key may be one of them.
type Named<K> = string extends K ? never : K;
type UnnamedOf<P> = string extends keyof P ? { [key: string]: SchemaValue<P[string & keyof P]> } : object;
// Without additionalProperties, JSON Schema lets any other key through with any value.
type OthersOf<S> = S extends { additionalProperties: false }
  ? object
  : S extends { additionalProperties: infer A }
    ? { [key: string]: SchemaValue<A> }
    : { [key: string]: unknown };

type ObjectOf<S, P = PropsOf<S>> = Flat<
  { -readonly [K in keyof P as Named<K> & RequiredOf<S>]-?: SchemaValue<P[K]> } & {
    -readonly [K in keyof P as Exclude<Named<K>, RequiredOf<S>>]?: SchemaValue<P[K]>;
  } & UnnamedOf<P> &
    OthersOf<S>
>;

type Flat<T> = { [K in keyof T]: T[K] } & {};
