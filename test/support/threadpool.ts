// Takes every thread of libuv's pool, as getaddrinfo calls to a nameserver that never answers
// do: each thread blocks opening a FIFO that has no writer, until released.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, promises as fsp, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BlockedPool {
  /** Whether a threadpool call (a stat of /) is still waiting after `ms`: the block holds. */
  holds(ms?: number): Promise<boolean>;
  release(): Promise<void>;
}

export function blockThreadpool(size = Number(process.env['UV_THREADPOOL_SIZE'] ?? 4)): BlockedPool {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-uv-'));
  const fifos = Array.from({ length: size }, (_, i) => join(dir, `fifo-${i}`));
  for (const f of fifos) execFileSync('mkfifo', [f]);
  const opening = fifos.map((f) => fsp.open(f, 'r'));
  return {
    async holds(ms = 300) {
      const stat = fsp.stat('/').then(() => 'done');
      const r = await Promise.race([stat, new Promise((resolve) => setTimeout(() => resolve('waiting'), ms))]);
      return r === 'waiting';
    },
    async release() {
      // Opening a FIFO read-write never blocks on Linux and gives the blocked readers a writer.
      const writers = fifos.map((f) => openSync(f, 'r+'));
      for (const h of await Promise.all(opening)) await h.close();
      for (const fd of writers) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
