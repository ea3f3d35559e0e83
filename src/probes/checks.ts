// The config checks of the `probes` section that a JSON Schema cannot express, reported
// with the position of the field at fault.
import type { MeaningCheck } from '../config/load.js';
import { locateInString } from '../regex/locate.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import { parseProbes } from './config.js';

export const checkProbes: MeaningCheck = (doc, config) => {
  if (!Array.isArray(config.probes) || config.probes.length === 0) return [];
  const { problems } = parseProbes(config.probes);
  return problems.map((p) => {
    const path = ['probes', p.index, ...p.path];
    const pos = p.pattern ? locateInString(doc, path, p.pattern.source, p.pattern.offset) : doc.locate(path);
    const d: Diagnostic = { code: p.code, file: doc.file, line: pos.line, column: pos.column, message: `probes[${p.index}].${p.path.join('.') || 'name'}: ${p.message}` };
    if (p.hint) d.hint = p.hint;
    return d;
  });
};
