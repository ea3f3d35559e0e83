// A tiny authoritative DNS server over UDP for the dns probe tests: answers A, AAAA, TXT and
// CNAME from a table, NXDOMAIN for unknown names, and can be told to stay silent.
import { createSocket, type Socket } from 'node:dgram';

export type Zone = Record<string, Partial<Record<'A' | 'AAAA' | 'TXT' | 'CNAME', string[]>>>;

const TYPES: Record<number, 'A' | 'AAAA' | 'TXT' | 'CNAME'> = { 1: 'A', 28: 'AAAA', 16: 'TXT', 5: 'CNAME' };
const CODES = { A: 1, AAAA: 28, TXT: 16, CNAME: 5 };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])), Buffer.from([0])]);
}

function rdata(type: 'A' | 'AAAA' | 'TXT' | 'CNAME', value: string): Buffer {
  switch (type) {
    case 'A':
      return Buffer.from(value.split('.').map(Number));
    case 'AAAA': {
      const [head, tail = ''] = value.split('::');
      const h = head ? head.split(':') : [];
      const t = tail ? tail.split(':') : [];
      const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
      const b = Buffer.alloc(16);
      groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
      return b;
    }
    case 'TXT':
      return Buffer.concat([Buffer.from([value.length]), Buffer.from(value)]);
    case 'CNAME':
      return encodeName(value);
  }
}

export interface DnsServer {
  port: number;
  queries: number;
  silent: boolean;
  close(): Promise<void>;
}

export async function startDnsServer(zone: Zone): Promise<DnsServer> {
  const sock: Socket = createSocket('udp4');
  const state = { queries: 0, silent: false };
  sock.on('message', (msg, rinfo) => {
    state.queries++;
    if (state.silent || msg.length < 17) return;
    let off = 12;
    const labels: string[] = [];
    while (msg[off]! > 0) {
      labels.push(msg.subarray(off + 1, off + 1 + msg[off]!).toString());
      off += msg[off]! + 1;
    }
    const question = msg.subarray(12, off + 5);
    const qtype = msg.readUInt16BE(off + 1);
    const name = labels.join('.').toLowerCase();
    const type = TYPES[qtype];
    const entry = zone[name];
    const values = type && entry ? (entry[type] ?? []) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8180 | (entry ? 0 : 3), 2); // response, RD+RA, NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(values.length, 6);
    const answers = values.map((v) => {
      const data = rdata(type!, v);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(CODES[type!], 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(data.length, 10);
      return Buffer.concat([rr, data]);
    });
    sock.send(Buffer.concat([header, question, ...answers]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return {
    port: sock.address().port,
    get queries() {
      return state.queries;
    },
    get silent() {
      return state.silent;
    },
    set silent(v: boolean) {
      state.silent = v;
    },
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}
