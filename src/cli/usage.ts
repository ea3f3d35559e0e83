// What each vigil command takes, written once: `vigil CMD --help` prints its own entry,
// `vigil --help` all of them, and each command's parser knows its value flags from here.
import { DEFAULT_LISTEN } from '../config/defaults.js';

export interface FlagHelp {
  /** As typed, without the dashes: "rules", "collector.NAME", "[no-]web.enable-lifecycle". */
  flag: string;
  /** The value's placeholder for a flag that takes one: "DIR", "FILE". */
  value?: string;
  help: string;
}

export interface CommandHelp {
  name: string;
  synopsis: string;
  summary: string;
  flags: readonly FlagHelp[];
  /** More to say under the flags (signals, lists). */
  notes?: string;
}

export const SERVE: CommandHelp = {
  name: 'serve',
  synopsis: 'vigil serve [flags]',
  summary: 'Serves host, process-group, probe, command-check and access-log metrics on /metrics.',
  flags: [
    { flag: 'config', value: 'FILE', help: 'YAML config file (default: built-in defaults); also --config.file' },
    { flag: 'listen', value: 'HOST:PORT', help: `address to listen on (default ${DEFAULT_LISTEN}); also --web.listen-address` },
    { flag: 'path.procfs', value: 'DIR', help: 'procfs mount point (default /proc)' },
    { flag: 'path.sysfs', value: 'DIR', help: 'sysfs mount point (default /sys)' },
    { flag: 'path.rootfs', value: 'DIR', help: 'root filesystem mount point (default /)' },
    { flag: 'collector.NAME', help: 'enable collector NAME' },
    { flag: 'no-collector.NAME', help: 'disable collector NAME' },
    { flag: 'collector.disable-defaults', help: 'start with every collector off; enable with --collector.NAME' },
    { flag: 'collector.textfile.directory', value: 'DIR', help: "serve the *.prom files of DIR (node_exporter's flag)" },
    { flag: 'web.config.file', value: 'FILE', help: 'TLS, basic auth and headers, in the exporter-toolkit format' },
    {
      flag: '[no-]web.enable-lifecycle',
      help: 'serve POST /-/reload (default: only when the web config makes clients authenticate with basic auth or a verified certificate)',
    },
    { flag: 'log.format', value: 'logfmt|json', help: 'log line format (default logfmt)' },
    { flag: 'log.level', value: 'LEVEL', help: 'debug, info, warn or error (default info)' },
  ],
  notes: `Signals: SIGHUP (or POST /-/reload, when enabled) re-reads --config; a bad file is refused and
the running configuration keeps serving. SIGTERM or SIGINT stops accepting connections, lets
scrapes in flight finish (10 s at most) and exits 0.`,
};

const RULES: FlagHelp = { flag: 'rules', value: 'DIR', help: 'the alert definitions (default rules)' };
const OUT: FlagHelp = {
  flag: 'out',
  value: 'DIR',
  help: 'where the outputs live: prometheus/ (rules, tests, alertmanager.yml) and grafana/ (default .)',
};
const TARGET: FlagHelp = {
  flag: 'target',
  value: 'prometheus|vmalert|thanos|mimir',
  help: 'the rule engine to write rules for (default prometheus); another engine gets <out>/<target>/rules/ alone (docs/engines.md)',
};

export const COMPILE: CommandHelp = {
  name: 'compile',
  synopsis: 'vigil compile [flags]',
  summary: 'Compiles rules/ into Prometheus rules, promtool tests, Alertmanager config and Grafana dashboards.',
  flags: [
    RULES,
    OUT,
    TARGET,
    { flag: 'check', help: 'write nothing; exit 1 when a written output differs from what would be written' },
    {
      flag: 'format',
      value: 'prometheus|operator',
      help: 'rule files for Prometheus, or PrometheusRule objects for the Prometheus Operator (default prometheus)',
    },
  ],
};

export const CHECK: CommandHelp = {
  name: 'check',
  synopsis: 'vigil check [flags]',
  summary: 'Validates rules/ without writing anything, then runs promtool check rules when promtool is installed.',
  flags: [
    RULES,
    { ...TARGET, help: 'also check what that engine cannot keep, and load its rules in vmalert -dryRun when vmalert is installed' },
  ],
};

export const TEST: CommandHelp = {
  name: 'test',
  synopsis: 'vigil test [flags]',
  summary: 'Runs promtool test rules over the compiled rules (run vigil compile first).',
  flags: [RULES, OUT],
  notes: `The generated tests are promtool's and run over prometheus/rules/; the rules of another engine
(vigil compile --target) have none: docs/engines.md says how each differs.`,
};

export const COMMANDS: readonly CommandHelp[] = [SERVE, COMPILE, CHECK, TEST];

/** The flags of `command` that take a value, as the parser needs them. */
export function valueFlags(command: CommandHelp, aliases: readonly string[] = []): ReadonlySet<string> {
  return new Set([...command.flags.filter((f) => f.value).map((f) => f.flag), ...aliases]);
}

/** The flags `command` accepts as written (patterns such as collector.NAME are the command's to check). */
export function knownFlags(command: CommandHelp): ReadonlySet<string> {
  return new Set(command.flags.map((f) => f.flag));
}

function flagLines(flags: readonly FlagHelp[], indent: string): string {
  return flags
    .map((f) => {
      const head = `${indent}--${f.flag}${f.value ? ` ${f.value}` : ''}`;
      // A long flag gets its help on the next line, as `--collector.disable-defaults` always had.
      return head.length < indent.length + 27
        ? `${head.padEnd(indent.length + 27)}${f.help}`
        : `${head}\n${' '.repeat(indent.length + 27)}${f.help}`;
    })
    .join('\n');
}

export function commandHelp(command: CommandHelp): string {
  return `Usage: ${command.synopsis}\n\n${command.summary}\n\nFlags:\n${flagLines(command.flags, '  ')}\n  --help, -h                 this help\n${command.notes ? `\n${command.notes}\n` : ''}`;
}

export function mainHelp(version: string): string {
  const sections = COMMANDS.map((c) => `  ${c.synopsis}\n      ${c.summary}\n${flagLines(c.flags, '      ')}`);
  return `vigil ${version}: host, process and probe metrics for Prometheus, and a rule compiler.

Usage:
${sections.join('\n\n')}

  vigil --version            print the version
  vigil CMD --help           the flags of one command, with more detail
`;
}
