// Follows one file by polling: at each read it compares the path's (dev, inode) and size
// with the open descriptor's.
//  - a new inode at the path: the file was renamed away (logrotate's default). The old
//    descriptor is read to its end, then the new file is read from its start;
//  - the same inode, smaller than where we are: truncated (copytruncate). Read from 0;
//  - no file: nothing to read yet; once one appears it is read from its start.
// Only the file found at start-up is read from its end, so a restart does not count old
// lines again.
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { LineSplitter } from './lines.js';

const CHUNK = 256 * 1024;

export interface TailEvents {
  rotated(kind: 'rename' | 'truncate'): void;
  bytes(n: number): void;
}

// A missing file is a state (not written yet, rotated away); anything else (permission
// denied, a symlink loop) is a fault, counted in vigil_log_read_errors_total.
function absentOrThrow(err: unknown): undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  throw err;
}

export class Tailer {
  private fh: FileHandle | undefined;
  private dev = 0;
  private ino = 0;
  private offset = 0;
  private first = true;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  present = false;

  constructor(
    private readonly path: string,
    private readonly splitter: LineSplitter,
    private readonly events: TailEvents,
  ) {}

  /** Reads what was written since the last call; stops early, to go on next time, when `signal` aborts. */
  async poll(signal?: AbortSignal): Promise<void> {
    const atStart = this.first;
    this.first = false;
    const st = await stat(this.path).catch(absentOrThrow);
    this.present = st !== undefined && st.isFile();
    if (this.fh) {
      if (this.present && (st!.ino !== this.ino || st!.dev !== this.dev)) {
        await this.drain(this.fh, Number.MAX_SAFE_INTEGER, signal);
        if (signal?.aborted) return;
        this.splitter.finish();
        await this.closeFile();
        this.events.rotated('rename');
      } else {
        const now = await this.fh.stat();
        if (now.size < this.offset) {
          this.offset = 0;
          this.splitter.reset();
          this.events.rotated('truncate');
        }
        await this.drain(this.fh, now.size, signal);
        return;
      }
    }
    if (!this.present) return;
    let fh: FileHandle;
    try {
      // O_NONBLOCK: a FIFO swapped in after the stat must not hang a thread-pool thread in open().
      fh = await open(this.path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      absentOrThrow(err); // gone between the stat and the open: not there yet
      this.present = false;
      return;
    }
    const now = await fh.stat();
    if (!now.isFile()) {
      await fh.close().catch(() => undefined);
      this.present = false;
      return;
    }
    this.fh = fh;
    this.dev = now.dev;
    this.ino = now.ino;
    this.offset = atStart ? now.size : 0;
    await this.drain(fh, now.size, signal);
  }

  private async drain(fh: FileHandle, upTo: number, signal?: AbortSignal): Promise<void> {
    while (this.offset < upTo && !signal?.aborted) {
      const { bytesRead } = await fh.read(this.buf, 0, Math.min(CHUNK, upTo - this.offset), this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      this.events.bytes(bytesRead);
      this.splitter.push(this.buf, bytesRead);
    }
  }

  private async closeFile(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.closeFile();
  }
}
