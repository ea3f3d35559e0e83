// PostgreSQL probe: connect with the pg driver (password, trust or TLS) and run one query,
// by default SELECT 1, in a read-only session.
import type { Socket } from 'node:net';
import type pg from 'pg';
import { fail } from './failure.js';
import type { PostgresProbe, Prober } from './types.js';

// The driver is about 3 MB of heap that an exporter without a postgres probe never needs,
// so it is loaded by the first probe that does.
let driver: Promise<typeof pg> | undefined;

export const probePostgres: Prober<PostgresProbe> = async (probe, ctx) => {
  // A failed load (out of descriptors, say) is tried again by the next probe.
  driver ??= import('pg').then((m) => m.default, (err: unknown) => {
    driver = undefined;
    throw err;
  });
  const { Client } = await driver;
  const budgetMs = Math.max(1, Math.floor(ctx.deadline - Date.now()));
  const config: pg.ClientConfig = {
    host: probe.host,
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
    if (probe.tls.serverName) config.ssl.servername = probe.tls.serverName;
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
