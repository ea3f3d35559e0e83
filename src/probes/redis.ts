// Redis probe: a few lines of RESP over net/tls. AUTH when a password is configured, then
// PING, which must answer PONG. Only simple-string and error replies are ever expected.
import { destroyOnAbort, openSocket, resolveHost } from './connect.js';
import { fail } from './failure.js';
import { LineReader } from './lines.js';
import type { Prober, RedisProbe } from './types.js';

/** A command as a RESP array of bulk strings, safe for any byte in the arguments. */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

const AUTH_ERRORS = /^-(WRONGPASS|NOAUTH|NOPERM|ERR (invalid password|invalid username|AUTH|Client sent AUTH))/i;

async function reply(reader: LineReader): Promise<string> {
  try {
    return await reader.next();
  } catch (err) {
    fail('protocol', `no reply: ${(err as Error).message}`);
  }
}

function checkError(line: string, what: string): void {
  if (!line.startsWith('-')) return;
  // The server's error text names no secret, but keep only its first word to be sure.
  const word = line.slice(1).split(' ')[0];
  if (AUTH_ERRORS.test(line)) fail('auth', `${what} refused: ${word}`);
  fail('protocol', `${what} answered an error: ${word}`);
}

export const probeRedis: Prober<RedisProbe> = async (probe, ctx) => {
  const target = await resolveHost(probe.host, 'ip4', true, ctx.metrics);
  const { socket } = await openSocket(target, probe.port, probe.host, probe.tls, ctx.signal);
  const release = destroyOnAbort(socket, ctx.signal);
  try {
    const reader = new LineReader(socket);
    if (probe.password !== undefined) {
      socket.write(encodeCommand(probe.username ? ['AUTH', probe.username, probe.password] : ['AUTH', probe.password]));
      const auth = await reply(reader);
      checkError(auth, 'AUTH');
      if (auth !== '+OK') fail('protocol', 'AUTH did not answer +OK');
    }
    socket.write(encodeCommand(['PING']));
    const pong = await reply(reader);
    checkError(pong, 'PING');
    if (pong !== '+PONG') fail('protocol', 'PING did not answer +PONG');
  } finally {
    release();
    socket.destroy();
  }
};
