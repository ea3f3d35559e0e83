// vigil's log lines, shaped as the Prometheus ecosystem's (--log.format, --log.level): a
// timestamp, a level, a message and key=value fields, as logfmt or as one JSON object per
// line on stderr. Reports meant for a person (compile/check/test output, config errors with
// their caret) are not logs and do not come through here.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['logfmt', 'json'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface LogRecord {
  time: Date;
  level: LogLevel;
  msg: string;
  fields?: LogFields;
}

// logfmt leaves a value bare only when nothing in it could be mistaken for syntax.
function logfmtValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be quoted
  return v !== '' && /^[^\s"=\\\x00-\x1f\x7f]+$/.test(v) ? v : JSON.stringify(v);
}

export function formatLogfmt(r: LogRecord): string {
  const parts = [`time=${r.time.toISOString()}`, `level=${r.level}`, `msg=${logfmtValue(r.msg)}`];
  for (const [k, v] of Object.entries(r.fields ?? {})) {
    if (v !== undefined) parts.push(`${k}=${logfmtValue(String(v))}`);
  }
  return parts.join(' ');
}

export function formatJson(r: LogRecord): string {
  const o: Record<string, unknown> = { time: r.time.toISOString(), level: r.level, msg: r.msg };
  for (const [k, v] of Object.entries(r.fields ?? {})) if (v !== undefined && !(k in o)) o[k] = v;
  return JSON.stringify(o);
}

export interface LoggerOptions {
  format?: LogFormat;
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format === 'json' ? formatJson : formatLogfmt;
  const min = LOG_LEVELS.indexOf(opts.level ?? 'info');
  const write =
    opts.write ??
    ((line: string) => {
      process.stderr.write(`${line}\n`);
    });
  const now = opts.now ?? (() => new Date());
  const at = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    write(format(fields ? { time: now(), level, msg, fields } : { time: now(), level, msg }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that hands each message, without fields, to a plain function (tests pass `() => undefined`). */
export function loggerFrom(log: Logger | ((line: string) => void) | undefined): Logger {
  if (log === undefined) return createLogger();
  if (typeof log !== 'function') return log;
  const f = (msg: string) => log(msg);
  return { debug: f, info: f, warn: f, error: f };
}
