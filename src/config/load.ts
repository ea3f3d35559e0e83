// Reading vigil.yml: YAML with positions, the JSON Schema (schema.ts), then each section's own
// checks (src/sections/), so every fault is reported at its file:line:column before any of it is used.
import { readFileSync } from 'node:fs';
import { parseListenAddress } from './listen.js';
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import { parseYaml, type YamlDocument } from '../yaml/source.js';
import { checkShape } from '../yaml/validate.js';
import { checkSections } from '../sections/index.js';
import { defaultConfig } from './defaults.js';
import { configSchema, schemaForDocument } from './schema.js';
import type { SchemaValue } from '../yaml/schema-type.js';
import type { VigilConfig } from './types.js';

/** vigil.yml as the shape check passes it. */
type ConfigFileIn = SchemaValue<typeof configSchema>;

export function loadConfigFile(file: string): VigilConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DiagnosticError([
      {
        code: 'config-unreadable',
        file,
        line: 1,
        column: 1,
        message: `cannot read config file: ${(err as Error).message}`,
      },
    ]);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): VigilConfig {
  const doc = parseYaml(text, file);
  if (doc.value === undefined || doc.value === null) {
    return { ...defaultConfig(), source: file };
  }
  const shape = checkShape(doc, configSchema, 'config-schema', { keep: false, checkWith: schemaForDocument(doc.value) });
  if (!shape.value) throw new DiagnosticError(shape.diagnostics);
  const config = merge(shape.value, file);
  // Each section is parsed here, once: the collectors are later built from what was parsed.
  const meaning = [...checkListen(doc, config), ...checkSections(doc, config)];
  if (meaning.length) throw new DiagnosticError(meaning);
  return config;
}

function merge(user: ConfigFileIn, file: string): VigilConfig {
  const base = defaultConfig();
  return {
    listen: user.listen ?? base.listen,
    paths: { ...base.paths, ...user.paths },
    scrape: { ...base.scrape, ...user.scrape },
    limits: { ...base.limits, ...user.limits },
    collectors: { ...base.collectors, ...user.collectors },
    process_names: user.process_names ?? base.process_names,
    process_options: user.process_options ?? base.process_options,
    probes: user.probes ?? base.probes,
    logs: user.logs ?? base.logs,
    source: file,
  };
}

function checkListen(doc: YamlDocument, config: VigilConfig): Diagnostic[] {
  if (doc.value === null || typeof doc.value !== 'object' || !('listen' in doc.value)) return [];
  const parsed = parseListenAddress(config.listen);
  if (typeof parsed !== 'string') return [];
  const p = doc.locate(['listen']);
  return [
    {
      code: 'config-bad-listen',
      file: doc.file,
      line: p.line,
      column: p.column,
      message: parsed,
      hint: 'an IPv4 address, [an IPv6 address] or a host name, then :PORT from 0 to 65535, e.g. "0.0.0.0:9469"',
    },
  ];
}
