import type { VigilConfig } from '../config/types.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { YamlDocument } from '../yaml/source.js';
import { locateInString } from '../regex/locate.js';
import { compileMatchers } from './matcher.js';

// The part of `process_names` a schema cannot check: regexes that do not compile, name
// templates with unknown fields or captures no regex defines, entries without a selector.
// Each problem points at the YAML line and column of the offending value.

export function checkProcessNames(doc: YamlDocument, config: VigilConfig): Diagnostic[] {
  if (!config.process_names.length) return [];
  return compileMatchers(config.process_names).problems.map((p) => {
    const at = p.pattern ? locateInString(doc, p.path, p.pattern.source, p.pattern.offset) : doc.locate(p.path);
    const d: Diagnostic = { code: p.code, file: doc.file, line: at.line, column: at.column, message: p.message };
    if (p.hint) d.hint = p.hint;
    return d;
  });
}
