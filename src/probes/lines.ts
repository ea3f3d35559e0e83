// Reads a socket line by line for the probes that talk a line protocol (tcp steps, Redis).
// A peer may send lines far faster than a probe looks at them: the reader holds a bounded
// queue (the socket is paused while it is full), and expectLine gives the event loop a turn
// every few lines and stops after a bounded number, so a flood of newlines can neither grow
// memory nor keep /-/healthy, scrapes and other probes waiting.
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Pattern } from '../regex/re2.js';
import { fail } from './failure.js';

// A server that never sends a newline must not make the probe buffer without end.
const MAX_LINE_BYTES = 64 * 1024;
/** Lines held before the socket is paused; one read can add a chunk's worth beyond it. */
const QUEUE_HIGH_WATER = 1024;
/** Lines expectLine looks at between two turns of the event loop. */
export const LINES_PER_TURN = 256;
/** Lines one expect step skips before it gives up: a bound on work, whatever the timeout. */
export const MAX_LINES_PER_EXPECT = 10_000;

/** The peer ended the stream: the lines are all there were, as opposed to a read error. */
class EndOfStream extends Error {}

export class LineReader {
  private buffer = '';
  // A queue as an array and a read index: Array#shift is linear on large arrays, which is
  // what made a chunk of 64 KiB newlines cost seconds.
  private lines: string[] = [];
  private head = 0;
  private waiting: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;
  private ended: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      // After an overlong line nothing more is read: what is queued is still delivered.
      if (this.ended) return;
      const text = this.buffer + chunk;
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf('\n', start)) >= 0) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        this.lines.push(text.slice(start, end));
        start = nl + 1;
      }
      this.buffer = text.slice(start);
      if (this.buffer.length > MAX_LINE_BYTES) {
        this.buffer = '';
        socket.pause();
        this.finish(new Error(`line longer than ${MAX_LINE_BYTES} bytes`));
      }
      if (this.queued() >= QUEUE_HIGH_WATER) socket.pause();
      this.deliver();
    });
    socket.once('end', () => this.finish(new EndOfStream('connection closed by the server')));
    socket.once('close', () => this.finish(new EndOfStream('connection closed')));
    socket.on('error', (err) => this.finish(err));
  }

  private queued(): number {
    return this.lines.length - this.head;
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
    if (this.head < this.lines.length) {
      const line = this.lines[this.head++]!;
      if (this.head === this.lines.length) {
        this.lines = [];
        this.head = 0;
        if (!this.ended) this.socket.resume();
      }
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

/**
 * Waits for a line matching `re`, skipping others, as blackbox_exporter's expect does; gives
 * up after MAX_LINES_PER_EXPECT lines, or as soon as `signal` fires.
 */
export async function expectLine(reader: LineReader, re: Pattern, signal?: AbortSignal, onNoMatch?: () => void): Promise<string> {
  for (let seen = 1; ; seen++) {
    let line: string;
    try {
      line = await reader.next();
    } catch (err) {
      // As blackbox_exporter: a regex failure when the peer said all it had, not on a read error.
      if (err instanceof EndOfStream) onNoMatch?.();
      fail('protocol', `no line matching ${re.source}: ${(err as Error).message}`);
    }
    if (re.test(line)) return line;
    if (seen >= MAX_LINES_PER_EXPECT) {
      onNoMatch?.();
      fail('protocol', `no line matching ${re.source} in the first ${MAX_LINES_PER_EXPECT} lines`);
    }
    // Queued lines resolve next() without leaving the microtask queue; this is the turn in
    // which timers, other sockets and the abort of this probe get to run.
    if (seen % LINES_PER_TURN === 0) {
      await nextTurn();
      if (signal?.aborted) throw signal.reason;
    }
  }
}
