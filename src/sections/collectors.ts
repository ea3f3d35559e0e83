// `collectors`: the host collectors (node_exporter's), each on or off with its options.
import { HOST_COLLECTORS } from '../collectors/index.js';
import { PORTABLE_COLLECTORS } from '../collectors/portable/index.js';
import { collectorsSchema } from '../collectors/schema.js';
import type { Collector } from '../collectors/types.js';
import type { CollectorSetting } from '../config/types.js';
import { locateInString } from '../regex/locate.js';
import { compileRe2 } from '../regex/re2.js';
import type { Diagnostic } from '../yaml/diagnostic.js';
import type { Section } from './section.js';

const REGEX_OPTIONS = ['mount_points_exclude', 'fs_types_exclude', 'device_exclude', 'device_include', 'unit_include', 'unit_exclude'];

function isEnabled(setting: CollectorSetting | undefined, defaultEnabled: boolean): boolean {
  if (setting === undefined) return defaultEnabled;
  if (typeof setting === 'boolean') return setting;
  return setting.enabled ?? true;
}

function optionsOf(setting: CollectorSetting | undefined): Record<string, unknown> {
  if (!setting || typeof setting !== 'object') return {};
  const { enabled: _enabled, ...rest } = setting;
  return rest;
}

// The parsed form is nothing: command-line flags change `collectors` after the file is read
// (--collector.NAME, --path.*), so the collectors are built from the config as it is then,
// and each compiles its own regexes once when it is created.
export const collectorsSection = {
  name: 'collectors',
  schema: { collectors: collectorsSchema },
  raw: (config) => [config.collectors],
  check(doc, config) {
    const diagnostics: Diagnostic[] = [];
    for (const [name, setting] of Object.entries(config.collectors)) {
      if (typeof setting !== 'object') continue;
      for (const key of REGEX_OPTIONS) {
        const v = setting[key];
        if (typeof v !== 'string') continue;
        const c = compileRe2(v);
        if (!c.ok) {
          const p = locateInString(doc, ['collectors', name, key], v, c.problem.offset);
          diagnostics.push({
            code: 'config-bad-regex',
            file: doc.file,
            line: p.line,
            column: p.column,
            message: `collectors.${name}.${key} is ${c.problem.message}`,
            hint: c.problem.hint,
          });
        }
      }
      if (typeof setting.device_include === 'string' && typeof setting.device_exclude === 'string') {
        const p = doc.locate(['collectors', name, 'device_include'], 'key');
        diagnostics.push({
          code: 'config-conflict',
          file: doc.file,
          line: p.line,
          column: p.column,
          message: `collectors.${name}: device_include and device_exclude cannot both be set`,
          hint: 'keep one of them, as in node_exporter',
        });
      }
    }
    return { diagnostics, parsed: undefined };
  },
  create(_parsed, config, { platform, log }) {
    const out: Collector[] = [];
    for (const linuxDef of HOST_COLLECTORS) {
      // Off Linux there is no /proc: the portable version stands in where one exists, and the
      // collectors that only make sense on Linux (pressure, hwmon, ...) are left out.
      const def =
        platform === 'linux' || linuxDef.name === 'runtime' ? linuxDef : PORTABLE_COLLECTORS.find((p) => p.name === linuxDef.name);
      if (!def) continue;
      const setting = config.collectors[def.name];
      if (!isEnabled(setting, def.defaultEnabled)) continue;
      out.push(def.create({ options: optionsOf(setting), paths: config.paths, platform, ...(log ? { log } : {}) }));
    }
    return out;
  },
} satisfies Section<void>;
