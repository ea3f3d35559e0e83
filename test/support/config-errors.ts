import { parseConfig } from '../../src/config/load.js';
import { DiagnosticError, type Diagnostic } from '../../src/yaml/diagnostic.js';

/** The diagnostics vigil gives for a config file's text (none when it loads). */
export function configErrors(text: string, file = 'vigil.yml'): Diagnostic[] {
  try {
    parseConfig(text, file);
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics;
    throw err;
  }
  return [];
}
