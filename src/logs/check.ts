// The config check of the `logs` section, with the position of the field at fault.
import type { MeaningCheck } from '../config/load.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import { parseLogs } from './config.js';

export const checkLogs: MeaningCheck = (doc, config) => {
  if (!Array.isArray(config.logs) || config.logs.length === 0) return [];
  return parseLogs(config.logs).problems.map((p) => {
    const path = ['logs', p.index, ...p.path];
    const pos = doc.locate(path, p.path[0] === 'labels' || p.path[0] === 'fields' || p.path[0] === 'duration_unit' ? 'key' : 'value');
    const d: Diagnostic = { code: p.code, file: doc.file, line: pos.line, column: pos.column, message: `logs[${p.index}].${p.path.join('.')}: ${p.message}` };
    if (p.hint) d.hint = p.hint;
    return d;
  });
};
