// The shape every entry of the section table (index.ts) has: what a new config section implements.
import type { Collector } from '../collectors/types.js';
import type { VigilConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { YamlDocument } from '../yaml/source.js';

/** What a section's collectors may need beyond the config: where they run and how to log. */
export interface HostContext {
  platform: NodeJS.Platform;
  log?: Logger;
}

/**
 * One section of vigil.yml that brings collectors: its top-level keys with their JSON Schemas,
 * the checks a schema cannot express, and the constructor of its collectors. `check` parses
 * the section into the form `create` receives (regexes compiled, secrets and PEM files read),
 * so a config load reads each of those once.
 */
export interface Section<Parsed> {
  name: string;
  /**
   * The top-level keys this section owns, each with its JSON Schema, in schema order. A
   * section is declared with `satisfies Section<...>`, so the config's types read these
   * schemas (config/types.ts) rather than a Record that says nothing of them.
   */
  schema: Readonly<Record<string, object>>;
  /** The section's raw values in `config`: its parsed form is reused while these are unchanged. */
  raw(config: VigilConfig): readonly unknown[];
  check(doc: YamlDocument, config: VigilConfig): { diagnostics: Diagnostic[]; parsed: Parsed };
  /**
   * Builds the section's collectors. A section imports its runtime modules (probers, the process
   * reader, log tailers) here, and only when the config has entries for it: an exporter that
   * runs none of them does not carry their code.
   */
  create(parsed: Parsed, config: VigilConfig, host: HostContext): Promise<Collector[]> | Collector[];
}

/** A config built in code has no file: its problems point at the top of the source named. */
export function noDocument(file: string): YamlDocument {
  return { file, text: '', value: undefined, locate: () => ({ line: 1, column: 1 }) };
}
