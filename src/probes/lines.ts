// Reads a socket line by line for the probes that talk a line protocol (tcp steps, Redis).
import type { Socket } from 'node:net';
import type { Pattern } from '../regex/re2.js';
import { fail } from './failure.js';

// A server that never sends a newline must not make the probe buffer without end.
const MAX_LINE_BYTES = 64 * 1024;

export class LineReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;
  private ended: Error | undefined;

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, nl).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(nl + 1);
      }
      if (this.buffer.length > MAX_LINE_BYTES) this.finish(new Error(`line longer than ${MAX_LINE_BYTES} bytes`));
      this.deliver();
    });
    socket.once('end', () => this.finish(new Error('connection closed by the server')));
    socket.once('close', () => this.finish(new Error('connection closed')));
    socket.on('error', (err) => this.finish(err));
  }

  /** The next line; rejects when the connection ends first. */
  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  private deliver(): void {
    if (!this.waiting) return;
    const w = this.waiting;
    const line = this.lines.shift();
    if (line !== undefined) {
      this.waiting = undefined;
      w.resolve(line);
    } else if (this.ended) {
      this.waiting = undefined;
      w.reject(this.ended);
    }
  }

  private finish(err: Error): void {
    this.ended ??= err;
    this.deliver();
  }
}

/** Waits for a line matching `re`, skipping others, as blackbox_exporter's expect does. */
export async function expectLine(reader: LineReader, re: Pattern): Promise<string> {
  for (;;) {
    let line: string;
    try {
      line = await reader.next();
    } catch (err) {
      fail('protocol', `no line matching ${re.source}: ${(err as Error).message}`);
    }
    if (re.test(line)) return line;
  }
}
