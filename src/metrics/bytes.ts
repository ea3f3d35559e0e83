// A growable UTF-8 byte buffer for the exposition writer. Writing the characters straight
// into bytes skips what string concatenation costs on every scrape: a chain of thousands of
// intermediate strings, flattening it, then measuring and encoding it again for the socket.

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const N = 0x6e;

export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(initial);
  }

  reset(): void {
    this.pos = 0;
  }

  get length(): number {
    return this.pos;
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** What was written, without copying: valid until the writer is reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of what was written, for a caller that cannot tell when it is done with it. */
  bytes(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  private reserve(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const bigger = Buffer.allocUnsafeSlow(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Appends bytes written earlier (a cached header). */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  // text() and escaped() each keep their own ASCII loop: folding the escape test into one
  // shared loop measured slower on the names and numbers that make up most of a scrape.

  /** Writes s as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.reserve(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.wide(s, i, 0);
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** Writes s as UTF-8 with \ and newline escaped (HELP text), and " too when quoted (label values). */
  escaped(s: string, quoted: boolean): void {
    const n = s.length;
    this.reserve(n * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.wide(s, i, quoted ? 2 : 1);
        return;
      }
      if (c === BACKSLASH || (c === QUOTE && quoted)) {
        buf[p++] = BACKSLASH;
        buf[p++] = c;
      } else if (c === NEWLINE) {
        buf[p++] = BACKSLASH;
        buf[p++] = N;
      } else {
        buf[p++] = c;
      }
    }
    this.pos = p;
  }

  /** The rest of s from i on, once a character past ASCII has been met; space is reserved. */
  private wide(s: string, from: number, escape: 0 | 1 | 2): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = from; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        if (escape !== 0) {
          if (c === BACKSLASH || (c === QUOTE && escape === 2)) {
            buf[p++] = BACKSLASH;
          } else if (c === NEWLINE) {
            buf[p++] = BACKSLASH;
            c = N;
          }
        }
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[p++] = 0xf0 | (cp >> 18);
        buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[p++] = 0x80 | (cp & 0x3f);
      } else {
        // A lone surrogate has no UTF-8 form; U+FFFD is what Buffer.from would write too.
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.pos = p;
  }

  /**
   * A sample value, written as String(v) would (1e-7, 1234567). Go clients write 'g' style
   * (1e-07, 1.234567e+06); Prometheus parses both to the same float.
   */
  number(v: number): void {
    // Most values are whole numbers (counters of bytes, packets, jiffies): their digits are
    // written directly instead of through a temporary string.
    if (Number.isSafeInteger(v)) {
      this.integer(v);
    } else if (Number.isNaN(v)) {
      this.text('NaN');
    } else if (v === Infinity) {
      this.text('+Inf');
    } else if (v === -Infinity) {
      this.text('-Inf');
    } else {
      this.text(String(v));
    }
  }

  private integer(v: number): void {
    this.reserve(17);
    const buf = this.buf;
    if (v < 0) {
      buf[this.pos++] = 0x2d;
      v = -v;
    } else if (v === 0) {
      // Also -0, which String() writes as "0".
      buf[this.pos++] = 0x30;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    while (v > 0) {
      const q = Math.floor(v / 10);
      buf[--p] = 0x30 + (v - q * 10);
      v = q;
    }
  }
}

/**
 * Writers whose buffers can be handed to a socket without a copy: one is taken for a
 * response and given back once the response has been flushed, so the bytes are never
 * overwritten while the kernel may still be reading them.
 */
export class WriterPool {
  private readonly idle: ByteWriter[] = [];

  /** A writer that grew past maxBytes for one unusual exposition is left to the GC. */
  constructor(
    private readonly keep = 4,
    private readonly maxBytes = 2 * 1024 * 1024,
  ) {}

  take(): ByteWriter {
    const w = this.idle.pop() ?? new ByteWriter();
    w.reset();
    return w;
  }

  give(w: ByteWriter): void {
    if (this.idle.length < this.keep && w.capacity <= this.maxBytes) this.idle.push(w);
  }
}
