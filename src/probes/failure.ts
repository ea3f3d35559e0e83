// Why a probe failed, in a few words an alert can route on. The runner turns whatever a
// prober threw into one of these; a prober that knows better throws a ProbeError itself.

// `not_run` is the runner's alone: the probe never got a slot before the scrape was over.
// The exec kind's: `exit_code` (not 0), `signal` (killed by one), `output_too_large`,
// `invalid_output` (metrics: true and stdout is no valid exposition), `exec` (could not start).
export const FAILURE_REASONS = [
  'timeout',
  'refused',
  'dns',
  'tls',
  'status',
  'body',
  'auth',
  'protocol',
  'not_run',
  'exit_code',
  'signal',
  'output_too_large',
  'invalid_output',
  'exec',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export class ProbeError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

export function fail(reason: FailureReason, message: string): never {
  throw new ProbeError(reason, message);
}

const BY_CODE: Record<string, FailureReason> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EADDRNOTAVAIL: 'refused',
  EPIPE: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ENODATA: 'dns',
  ESERVFAIL: 'dns',
  EREFUSED: 'dns',
  ENOTIMP: 'dns',
  EFORMERR: 'dns',
  EBADRESP: 'dns',
  ETIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ABORT_ERR: 'timeout',
  ECANCELLED: 'timeout',
  // PostgreSQL SQLSTATEs: invalid_password, invalid_authorization_specification.
  '28P01': 'auth',
  '28000': 'auth',
  // query_canceled: the statement_timeout we set fired on the server.
  '57014': 'timeout',
};

/** The reason for any error a prober can throw. */
export function classify(err: unknown): FailureReason {
  if (err instanceof ProbeError) return err.reason;
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const byCode = BY_CODE[code];
  if (byCode) return byCode;
  // Node's TLS errors: ERR_TLS_*, ERR_SSL_*, and OpenSSL's verification codes.
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) return 'tls';
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return 'timeout';
  return 'protocol';
}
