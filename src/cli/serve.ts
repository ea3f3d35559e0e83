import { HOST_COLLECTORS } from '../collectors/index.js';
import { defaultConfig } from '../config/defaults.js';
import type { VigilConfig } from '../config/types.js';
import { startExporter } from '../exporter/server.js';
import { parseArgs, UsageError } from './args.js';

const VALUE_FLAGS = new Set(['listen', 'config', 'path.procfs', 'path.sysfs', 'path.rootfs', 'web.listen-address', 'config.file', 'web.config.file']);

export const SERVE_HELP = `Usage: vigil serve [flags]

Serves host, process-group and probe metrics on /metrics.

Flags:
  --config FILE              YAML config file (default: built-in defaults)
  --listen HOST:PORT         address to listen on (default 0.0.0.0:9469)
  --path.procfs DIR          procfs mount point (default /proc)
  --path.sysfs DIR           sysfs mount point (default /sys)
  --path.rootfs DIR          root filesystem mount point (default /)
  --collector.NAME           enable collector NAME
  --no-collector.NAME        disable collector NAME
  --collector.disable-defaults
                             start with every collector off; enable with --collector.NAME
  --web.config.file FILE     TLS, basic auth and headers, in the exporter-toolkit format
  --[no-]web.enable-lifecycle
                             serve POST /-/reload (default: only when the web config makes
                             clients authenticate with basic auth or a verified certificate)

Signals: SIGHUP (or POST /-/reload, when enabled) re-reads --config; a bad file is refused and
the running configuration keeps serving.

Collectors: ${HOST_COLLECTORS.map((c) => c.name).join(', ')}
`;

/** Applies command-line flags on top of the file (or built-in) config; flags win. */
export async function configFromArgs(argv: readonly string[]): Promise<VigilConfig> {
  const { flags, positionals } = parseArgs(argv, VALUE_FLAGS);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const file = flags.get('config') ?? flags.get('config.file');
  // The YAML and schema libraries are loaded only when there is a file to read: a few MB of
  // resident memory that an exporter running on built-in defaults does not need.
  const config = typeof file === 'string' ? (await import('../config/load.js')).loadConfigFile(file) : defaultConfig();
  const listen = flags.get('listen') ?? flags.get('web.listen-address');
  if (typeof listen === 'string') config.listen = listen;
  for (const key of ['procfs', 'sysfs', 'rootfs'] as const) {
    const v = flags.get(`path.${key}`);
    if (typeof v === 'string') config.paths[key] = v;
  }
  const known = new Set(HOST_COLLECTORS.map((c) => c.name));
  if (flags.get('collector.disable-defaults') === true) {
    for (const c of HOST_COLLECTORS) {
      const s = config.collectors[c.name];
      if (s === undefined) config.collectors[c.name] = false;
    }
  }
  for (const [flag, value] of flags) {
    const m = /^(no-)?collector\.([a-z0-9_]+)$/.exec(flag);
    if (!m || m[2] === 'disable-defaults') continue;
    const name = m[2]!;
    if (!known.has(name)) throw new UsageError(`unknown collector "${name}" in --${flag}; known: ${[...known].join(', ')}`);
    const on = !m[1] && value !== 'false';
    const s = config.collectors[name];
    config.collectors[name] = typeof s === 'object' ? { ...s, enabled: on } : on;
  }
  lifecycleFlag(flags);
  for (const flag of flags.keys()) {
    if (VALUE_FLAGS.has(flag) || /^(no-)?collector\./.test(flag) || /^(no-)?web\.enable-lifecycle$/.test(flag)) continue;
    throw new UsageError(`unknown flag --${flag}`);
  }
  return config;
}

/** --web.enable-lifecycle[=true|false] or --no-web.enable-lifecycle; undefined when not given. */
export function lifecycleFlag(flags: ReadonlyMap<string, string | true>): boolean | undefined {
  const on = flags.get('web.enable-lifecycle');
  if (flags.has('no-web.enable-lifecycle')) return false;
  if (on === undefined) return undefined;
  if (on === true || on === 'true') return true;
  if (on === 'false') return false;
  throw new UsageError(`--web.enable-lifecycle takes true or false, got "${on}"`);
}

export async function serveCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const config = await configFromArgs(argv);
  const { flags } = parseArgs(argv, VALUE_FLAGS);
  const webFile = flags.get('web.config.file');
  const web = typeof webFile === 'string' ? (await import('../web/load.js')).loadWebConfigFile(webFile) : undefined;
  const hasFile = typeof (flags.get('config') ?? flags.get('config.file')) === 'string';
  const lifecycle = lifecycleFlag(flags);
  const exporter = await startExporter({
    config,
    ...(web ? { web } : {}),
    ...(lifecycle !== undefined ? { lifecycle } : {}),
    ...(hasFile ? { reloadConfig: () => configFromArgs(argv) } : {}),
  });
  console.error(`vigil listening on ${exporter.url} (config: ${config.source})`);
  const onHup = () => { void exporter.reload(); };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.off('SIGHUP', onHup);
  await exporter.close();
  return 0;
}
