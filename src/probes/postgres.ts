// PostgreSQL probe: connect with the pg driver (password, trust or TLS) and run one query,
// by default SELECT 1, in a read-only session.
import { isIP, type Socket } from 'node:net';
import type pg from 'pg';
import { resolveAddress } from './connect.js';
import { fail } from './failure.js';
import type { PostgresProbe, Prober } from './types.js';

// The driver is about 3 MB of heap that an exporter without a postgres probe never needs,
// so it is loaded by the first probe that does.
let driver: Promise<typeof pg> | undefined;

export const probePostgres: Prober<PostgresProbe> = async (probe, ctx) => {
  // A failed load (out of descriptors, say) is tried again by the next probe.
  driver ??= import('pg').then(
    (m) => m.default,
    (err: unknown) => {
      driver = undefined;
      throw err;
    },
  );
  const { Client } = await driver;
  // The driver would resolve the name with getaddrinfo, on libuv's few shared threads; the
  // probes' resolver hands it an address instead. A directory is a unix socket, no name at all.
  const local = probe.host.startsWith('/');
  const address = local ? probe.host : (await resolveAddress(probe.host, 'ip4', true)).address;
  const budgetMs = Math.max(1, Math.floor(ctx.deadline - Date.now()));
  const config: pg.ClientConfig = {
    host: address,
    port: probe.port,
    user: probe.user,
    database: probe.database,
    application_name: 'vigil-probe',
    // Read-only for the whole session. The server gives up on the query shortly after we do
    // (a backend does not notice a closed socket while it runs a query); a little later than
    // us, so that our own timeout, not the server's cancel, names the failure.
    options: `-c default_transaction_read_only=on -c statement_timeout=${budgetMs + 500}`,
  };
  if (probe.password !== undefined) config.password = probe.password;
  if (probe.tls) {
    config.ssl = { rejectUnauthorized: probe.tls.verify };
    if (probe.tls.ca) config.ssl.ca = probe.tls.ca;
    if (probe.tls.cert) config.ssl.cert = probe.tls.cert;
    if (probe.tls.key) config.ssl.key = probe.tls.key;
    // Connecting to an address, the driver would send no SNI and check the certificate
    // against the address; the configured name is what the certificate is for.
    const name = probe.tls.serverName ?? (isIP(probe.host) || local ? undefined : probe.host);
    if (name) config.ssl.servername = name;
  }
  const client = new Client(config);
  // After a destroy the driver reports the closed connection as an 'error' event; unheard,
  // that event would crash the process.
  client.on('error', () => undefined);
  const destroy = () => (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
  ctx.signal.addEventListener('abort', destroy, { once: true });
  try {
    try {
      await client.connect();
    } catch (err) {
      const e = err as { code?: string; message?: string };
      // pg says so in words, with no code, when the server wants a password we do not have.
      if (!e.code && /password/i.test(e.message ?? '')) fail('auth', 'the server asks for a password and none is configured');
      if (/does not support SSL/i.test(e.message ?? '')) fail('tls', 'the server does not support TLS');
      throw err;
    }
    await client.query(probe.query);
  } finally {
    ctx.signal.removeEventListener('abort', destroy);
    destroy();
  }
};
