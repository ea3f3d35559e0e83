// TCP probe: connect (optionally with TLS), then the configured send/expect steps.
import type { TLSSocket } from 'node:tls';
import { destroyOnAbort, openSocket, recordTls, resolveHost } from './connect.js';
import { expectLine, LineReader } from './lines.js';
import type { Prober, TcpProbe } from './types.js';

export const probeTcp: Prober<TcpProbe> = async (probe, ctx) => {
  // Present from the start, as blackbox_exporter's tcp prober has it; 1 only when the lines
  // ran out (or the line bound was reached) without one matching an expect step.
  ctx.metrics.set('probe_failed_due_to_regex', 0);
  const target = await resolveHost(probe.host, probe.ipProtocol, probe.ipFallback, ctx.metrics);
  const { socket } = await openSocket(target, probe.port, probe.host, probe.tls, ctx.signal);
  const release = destroyOnAbort(socket, ctx.signal);
  try {
    if (probe.tls) recordTls(socket as TLSSocket, ctx.metrics);
    const reader = new LineReader(socket);
    for (const step of probe.steps) {
      if (step.send !== undefined) socket.write(`${step.send}\n`);
      else if (step.expect) await expectLine(reader, step.expect, ctx.signal, () => ctx.metrics.set('probe_failed_due_to_regex', 1));
    }
  } finally {
    release();
    socket.destroy();
  }
};
