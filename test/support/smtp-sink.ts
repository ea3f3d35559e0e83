import { createServer, type Server, type Socket } from 'node:net';

// A minimal SMTP server for tests: enough of RFC 5321 (EHLO/HELO, AUTH PLAIN, MAIL, RCPT,
// DATA, RSET, NOOP, QUIT) for Alertmanager's Go client to deliver a message, which it keeps.

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) with dot-stuffing removed. */
  data: string;
  /** Decoded AUTH PLAIN credentials when the client authenticated. */
  auth?: { username: string; password: string };
  receivedAt: number;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('latin1');
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let mail: Omit<ReceivedMail, 'data' | 'receivedAt'> = { from: '', to: [] };
    let auth: ReceivedMail['auth'];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost vigil-test-smtp ready');
    const command = (line: string) => {
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          socket.write('250-localhost greets you\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SMTPUTF8\r\n');
          return;
        case 'HELO':
          return reply('250 localhost');
        case 'AUTH': {
          const [mech, initial] = arg.split(' ');
          if (mech?.toUpperCase() !== 'PLAIN' || !initial) return reply('504 only AUTH PLAIN with an initial response');
          const [, username = '', password = ''] = Buffer.from(initial, 'base64').toString('utf8').split('\0');
          auth = { username, password };
          return reply('235 2.7.0 authenticated');
        }
        case 'MAIL':
          mail = { from: /<([^>]*)>/.exec(arg)?.[1] ?? '', to: [], ...(auth ? { auth } : {}) };
          return reply('250 2.1.0 ok');
        case 'RCPT':
          mail.to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          return reply('250 2.1.5 ok');
        case 'DATA':
          inData = true;
          data = [];
          return reply('354 end with <CRLF>.<CRLF>');
        case 'RSET':
          mail = { from: '', to: [] };
          return reply('250 ok');
        case 'NOOP':
          return reply('250 ok');
        case 'QUIT':
          reply('221 bye');
          socket.end();
          return;
        default:
          return reply('502 command not implemented');
      }
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push({ ...mail, data: Buffer.from(data.join('\r\n'), 'latin1').toString('utf8'), receivedAt: Date.now() });
            reply('250 2.0.0 queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
        } else {
          command(line);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
