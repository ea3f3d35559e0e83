// `vigil serve`: node_exporter's flags (--path.*, --[no-]collector.*, --web.*, --log.*) laid over
// vigil.yml, then the exporter until SIGINT/SIGTERM; SIGHUP reloads the config file.
import { HOST_COLLECTORS } from '../collectors/index.js';
import { defaultConfig } from '../config/defaults.js';
import type { VigilConfig } from '../config/types.js';
import { parseListenAddress } from '../config/listen.js';
import { ListenError } from '../exporter/listen.js';
import { startExporter } from '../exporter/server.js';
import { createLogger, LOG_FORMATS, LOG_LEVELS, type LogFormat, type Logger, type LogLevel } from '../log.js';
import { parseArgs, UsageError, wantsHelp } from './args.js';
import { commandHelp, SERVE, valueFlags } from './usage.js';

const VALUE_FLAGS = valueFlags(SERVE, ['web.listen-address', 'config.file']);

// The collector list is the serve command's own: the compiler's commands share usage.ts and
// need not load every collector to print their help.
export function serveHelp(): string {
  return `${commandHelp(SERVE)}\nCollectors: ${HOST_COLLECTORS.map((c) => c.name).join(', ')}\n`;
}

/** How long SIGTERM lets scrapes in flight finish; Prometheus's default scrape timeout. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Applies command-line flags on top of the file (or built-in) config; flags win. */
export async function configFromArgs(argv: readonly string[]): Promise<VigilConfig> {
  const { flags, positionals } = parseArgs(argv, VALUE_FLAGS);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const file = flags.get('config') ?? flags.get('config.file');
  // The YAML and schema libraries are loaded only when there is a file to read: a few MB of
  // resident memory that an exporter running on built-in defaults does not need.
  const config = typeof file === 'string' ? (await import('../config/load.js')).loadConfigFile(file) : defaultConfig();
  const listenFlag = flags.has('listen') ? 'listen' : 'web.listen-address';
  const listen = flags.get(listenFlag);
  if (typeof listen === 'string') {
    const parsed = parseListenAddress(listen);
    if (typeof parsed === 'string') throw new UsageError(`--${listenFlag}: ${parsed}`);
    config.listen = listen;
  }
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
  const textfileDir = flags.get('collector.textfile.directory');
  if (typeof textfileDir === 'string') {
    const s = config.collectors['textfile'];
    config.collectors['textfile'] = { ...(typeof s === 'object' ? s : { enabled: s !== false }), directory: textfileDir };
  }
  for (const [flag, value] of flags) {
    if (flag === 'collector.textfile.directory') continue;
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

function loggerFromFlags(flags: ReadonlyMap<string, string | true>): Logger {
  const format = flags.get('log.format') ?? 'logfmt';
  const level = flags.get('log.level') ?? 'info';
  if (!(LOG_FORMATS as readonly unknown[]).includes(format))
    throw new UsageError(`--log.format is ${LOG_FORMATS.join(' or ')}, not "${String(format)}"`);
  if (!(LOG_LEVELS as readonly unknown[]).includes(level))
    throw new UsageError(`--log.level is one of ${LOG_LEVELS.join(', ')}, not "${String(level)}"`);
  return createLogger({ format: format as LogFormat, level: level as LogLevel });
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
  if (wantsHelp(argv)) {
    process.stdout.write(serveHelp());
    return 0;
  }
  const { flags } = parseArgs(argv, VALUE_FLAGS);
  const log = loggerFromFlags(flags);
  const config = await configFromArgs(argv);
  const webFile = flags.get('web.config.file');
  const web = typeof webFile === 'string' ? (await import('../web/load.js')).loadWebConfigFile(webFile) : undefined;
  for (const w of web?.warnings ?? []) log.warn(w.message, { code: w.code, at: `${w.file}:${w.line}:${w.column}`, hint: w.hint });
  const hasFile = typeof (flags.get('config') ?? flags.get('config.file')) === 'string';
  const lifecycle = lifecycleFlag(flags);
  let exporter;
  try {
    exporter = await startExporter({
      config,
      log,
      ...(web ? { web } : {}),
      ...(lifecycle !== undefined ? { lifecycle } : {}),
      ...(hasFile ? { reloadConfig: () => configFromArgs(argv) } : {}),
    });
  } catch (err) {
    if (!(err instanceof ListenError)) throw err;
    log.error(err.message);
    return 1;
  }
  log.info('vigil listening', { address: exporter.url, config: config.source });
  const onHup = () => {
    void exporter.reload();
  };
  process.on('SIGHUP', onHup);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.off('SIGHUP', onHup);
  log.info('shutting down: no new connections, waiting for requests in flight', { signal, grace_seconds: SHUTDOWN_GRACE_MS / 1000 });
  const { cut } = await exporter.shutdown(SHUTDOWN_GRACE_MS);
  if (cut) log.warn('requests still running at the end of the grace period were cut', { requests: cut });
  log.info('stopped');
  return 0;
}
