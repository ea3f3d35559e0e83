import { readFileSync } from 'node:fs';
import { parseListenAddress } from '../exporter/listen.js';
import { checkProbes } from '../probes/checks.js';
import { checkLogs } from '../logs/check.js';
import { checkProcessNames } from '../processes/check.js';
import { locateInString } from '../regex/locate.js';
import { compileRe2 } from '../regex/re2.js';
import { DiagnosticError, type Diagnostic } from '../yaml/diagnostic.js';
import { parseYaml, type YamlDocument } from '../yaml/source.js';
import { validateShape } from '../yaml/validate.js';
import { defaultConfig } from './defaults.js';
import { configSchema } from './schema.js';
import type { VigilConfig } from './types.js';

/** A check that needs more than the schema can say (a regex that does not compile, ...). */
export type MeaningCheck = (doc: YamlDocument, config: VigilConfig) => Diagnostic[];

// Each section's own check, called directly so that parsing a config never depends on which
// modules happened to be imported first.
const meaningChecks: MeaningCheck[] = [checkProcessNames, checkProbes, checkLogs];


export function loadConfigFile(file: string): VigilConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DiagnosticError([{
      code: 'config-unreadable', file, line: 1, column: 1,
      message: `cannot read config file: ${(err as Error).message}`,
    }]);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): VigilConfig {
  const doc = parseYaml(text, file);
  if (doc.value === undefined || doc.value === null) {
    return { ...defaultConfig(), source: file };
  }
  const shape = validateShape(doc, configSchema, 'config-schema');
  if (shape.length) throw new DiagnosticError(shape);
  const config = merge(doc.value as Partial<VigilConfig>, file);
  const meaning = [...checkListen(doc, config), ...checkRegexes(doc, config), ...meaningChecks.flatMap((c) => c(doc, config))];
  if (meaning.length) throw new DiagnosticError(meaning);
  return config;
}

function merge(user: Partial<VigilConfig>, file: string): VigilConfig {
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
  return [{ code: 'config-bad-listen', file: doc.file, line: p.line, column: p.column, message: parsed,
    hint: 'an IPv4 address, [an IPv6 address] or a host name, then :PORT from 0 to 65535, e.g. "0.0.0.0:9469"' }];
}

const REGEX_OPTIONS = ['mount_points_exclude', 'fs_types_exclude', 'device_exclude', 'device_include', 'unit_include', 'unit_exclude'];

function checkRegexes(doc: YamlDocument, config: VigilConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, setting] of Object.entries(config.collectors)) {
    if (typeof setting !== 'object') continue;
    for (const key of REGEX_OPTIONS) {
      const v = setting[key];
      if (typeof v !== 'string') continue;
      const c = compileRe2(v);
      if (!c.ok) {
        const p = locateInString(doc, ['collectors', name, key], v, c.problem.offset);
        out.push({
          code: 'config-bad-regex', file: doc.file, line: p.line, column: p.column,
          message: `collectors.${name}.${key} is ${c.problem.message}`,
          hint: c.problem.hint,
        });
      }
    }
    if (typeof setting.device_include === 'string' && typeof setting.device_exclude === 'string') {
      const p = doc.locate(['collectors', name, 'device_include'], 'key');
      out.push({
        code: 'config-conflict', file: doc.file, line: p.line, column: p.column,
        message: `collectors.${name}: device_include and device_exclude cannot both be set`,
        hint: 'keep one of them, as in node_exporter',
      });
    }
  }
  return out;
}
