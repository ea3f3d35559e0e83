// The sections of vigil.yml that bring collectors, as one table: the config schema, the
// config check and the collector build all walk it, so a new section is one entry here.
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import type { YamlDocument } from '../yaml/source.js';
import { collectorsSection } from './collectors.js';
import { logsSection } from './logs.js';
import { probesSection } from './probes.js';
import { processesSection } from './processes.js';
import { noDocument, type HostContext, type Section } from './section.js';

// Host collectors first, then process groups, probes and access logs: the order collectors are built in.
const TABLE = [collectorsSection, processesSection, probesSection, logsSection] as const;
export const SECTIONS: readonly Section<unknown>[] = TABLE;

/** Every section's top-level keys with their JSON Schemas, in table order. */
export const sectionSchemas = allSchemas(TABLE);

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

function allSchemas<T extends readonly { schema: object }[]>(sections: T): Intersection<T[number]['schema']> {
  // Object.assign over a list is typed `any`: the return type says what it builds, the keys of
  // every section's schema.
  return Object.assign({}, ...sections.map((s) => s.schema));
}

interface Parsed {
  raw: readonly unknown[];
  value: unknown;
}

// The parsed form of each section of a loaded config, kept beside the config object rather
// than in it so that configs stay plain data. A WeakMap: it goes when the config goes.
const parsedOf = new WeakMap<VigilConfig, Map<string, Parsed>>();

/** The checks of every section, at the positions of `doc`; keeps the parsed forms for build. */
export function checkSections(doc: YamlDocument, config: VigilConfig): Diagnostic[] {
  const kept = new Map<string, Parsed>();
  const out: Diagnostic[] = [];
  for (const s of SECTIONS) {
    const { diagnostics, parsed } = s.check(doc, config);
    out.push(...diagnostics);
    kept.set(s.name, { raw: s.raw(config), value: parsed });
  }
  parsedOf.set(config, kept);
  return out;
}

/** The collectors of every section. A loaded config is not parsed again; one built in code is. */
export async function createSectionCollectors(config: VigilConfig, host: HostContext): Promise<Collector[]> {
  const kept = parsedOf.get(config);
  // Every section is parsed (and so checked) before any is built, so a bad probe list fails
  // the build before the log tailers are started.
  const parsed = SECTIONS.map((s) => parsedFor(s, config, kept?.get(s.name)));
  const built = await Promise.all(SECTIONS.map((s, i) => s.create(parsed[i], config, host)));
  return built.flat();
}

function parsedFor(s: Section<unknown>, config: VigilConfig, kept: Parsed | undefined): unknown {
  // Reused only while the section's values are the very ones parsed: code that swaps in
  // another probe list after the load gets that list parsed and checked.
  const raw = s.raw(config);
  if (kept && kept.raw.length === raw.length && kept.raw.every((v, i) => v === raw[i])) return kept.value;
  const { diagnostics, parsed } = s.check(noDocument(config.source), config);
  if (diagnostics.length) throw new DiagnosticError(diagnostics);
  return parsed;
}
