// TLS probe: the handshake only, to watch a certificate chain's expiry and the version spoken.
import type { TLSSocket } from 'node:tls';
import { openSocket, recordTls, resolveHost } from './connect.js';
import type { Prober, TlsProbe } from './types.js';

export const probeTls: Prober<TlsProbe> = async (probe, ctx) => {
  // blackbox_exporter probes TLS with its tcp prober, which always has this family.
  ctx.metrics.set('probe_failed_due_to_regex', 0);
  const target = await resolveHost(probe.host, probe.ipProtocol, probe.ipFallback, ctx.metrics);
  const { socket } = await openSocket(target, probe.port, probe.host, probe.tls, ctx.signal);
  try {
    recordTls(socket as TLSSocket, ctx.metrics);
  } finally {
    socket.destroy();
  }
};
