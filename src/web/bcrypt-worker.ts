// bcrypt is CPU work by design (~0.1 s per check at cost 10 in pure JS). On the main thread
// it stalls every other request, a cached scraper's included, for the whole of a login
// flood; in one worker thread it costs at most one core and the event loop stays free.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The worker's code is inline, not a file beside this one, so it runs the same from dist/
// and from the TypeScript sources the tests load; bcryptjs is passed as a resolved path.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcrypt);
parentPort.on('message', ({ id, password, hash }) => {
  let ok = false;
  try { ok = bcrypt.compareSync(password, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});
`;

interface Waiting {
  resolve(ok: boolean): void;
  reject(err: Error): void;
}

export class BcryptWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  verify(password: string, hash: string): Promise<boolean> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, password, hash });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    const bcrypt = createRequire(import.meta.url).resolve('bcryptjs');
    const w = new Worker(SOURCE, { eval: true, workerData: { bcrypt } });
    // An idle verifier must not keep vigil alive; the server's socket does that.
    w.unref();
    w.on('message', (m: { id: number; ok: boolean }) => {
      const waiting = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      waiting?.resolve(m.ok === true);
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const waiting of this.waiting.values()) waiting.reject(err);
      this.waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`bcrypt worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}
