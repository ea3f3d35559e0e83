// The bind failures Node reports as error codes, turned into sentences that say what to do.
// The address itself is checked before, in config/listen.ts.

export class ListenError extends Error {}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the address is already in use: another process (another vigil or exporter?) listens there',
  EACCES: 'permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a port above 1023',
  EADDRNOTAVAIL: "the address is not one of this host's",
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
};

/** The bind failure as one clear sentence; anything unforeseen keeps Node's own message. */
export function listenFailure(listen: string, err: NodeJS.ErrnoException): ListenError {
  const reason = (err.code && REASONS[err.code]) ?? err.message;
  return new ListenError(`cannot listen on ${listen}: ${reason}${err.code ? ` (${err.code})` : ''}`);
}
