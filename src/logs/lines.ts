// Cuts a byte stream into lines. A line without its newline yet is kept until the newline
// comes (the writer is half-way through it), but never more than MAX_LINE_BYTES of it: a
// longer line is skipped to its newline and counted, so memory stays bounded whatever the
// file holds.

export const MAX_LINE_BYTES = 1024 * 1024;

export interface LineSink {
  line(text: string): void;
  tooLong(): void;
}

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside a line already found too long: drop bytes until its newline. */
  private skipping = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  /** Feeds `buf[0, len)`; `buf` may be reused by the caller afterwards. */
  push(buf: Buffer, len: number): void {
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0 || nl >= len) break;
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carryBytes > 0) {
        if (this.carryBytes + nl - start > this.maxBytes) this.sink.tooLong();
        else {
          this.carry.push(buf.subarray(start, nl));
          this.emit(Buffer.concat(this.carry), 0, this.carryBytes + nl - start);
        }
        this.carry = [];
        this.carryBytes = 0;
      } else if (nl - start > this.maxBytes) {
        this.sink.tooLong();
      } else {
        this.emit(buf, start, nl);
      }
      start = nl + 1;
    }
    const rest = len - start;
    if (rest === 0 || this.skipping) return;
    if (this.carryBytes + rest > this.maxBytes) {
      this.sink.tooLong();
      this.skipping = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    this.carry.push(Buffer.from(buf.subarray(start, len)));
    this.carryBytes += rest;
  }

  /** The file ended for good (rotated away): what is left is its last line. */
  finish(): void {
    if (this.carryBytes > 0 && !this.skipping) {
      const b = Buffer.concat(this.carry);
      this.emit(b, 0, b.length);
    }
    this.reset();
  }

  /** Forgets a partial line (the file was truncated under it). */
  reset(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 0x0d) end--; // CRLF
    if (end === start) return;
    this.sink.line(buf.toString('utf8', start, end));
  }
}
