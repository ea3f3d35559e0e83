// The config's types are read off its one description, schema.ts (and the sections' schemas):
// the keys of its own here, the whole file as the shape check passes it in load.ts.
import type { collectorsSchema } from '../collectors/schema.js';
import type { SchemaValue } from '../yaml/schema-type.js';
import type { ownProperties } from './schema.js';
type Own = SchemaValue<{ type: 'object'; properties: typeof ownProperties }>;
/** A part of vigil.yml with every key given: defaults.ts fills in what a file leaves out. */
type Given<K extends keyof Own> = Required<NonNullable<Own[K]>>;

/** A collector on, off, or with its options (each collector reads its own). */
export type CollectorSetting = SchemaValue<typeof collectorsSchema>[string];

export interface VigilConfig {
  listen: string;
  /** The same three roots as collectors/paths.ts's HostPaths (a type test keeps them equal). */
  paths: Given<'paths'>;
  scrape: Given<'scrape'>;
  limits: Limits;
  collectors: Record<string, CollectorSetting>;
  // The sections parse their own parts (sections/): here they are the file's values as written.
  process_names: unknown[];
  process_options: Record<string, unknown>;
  probes: unknown[];
  logs: unknown[];
  /** Where the config came from, for messages; "built-in defaults" when no file was given. */
  source: string;
}

export type Limits = Given<'limits'>;
