// The one pool every probe run goes through, scrapes and /probe requests alike, so "at most
// 64 probes at once" holds for the process and not per request. Runs are grouped (by target,
// and every probe that timed out last time in one group of its own); a slot that frees goes
// to the waiting group with the fewest runs in flight, and no group may hold more than half
// the slots, so a crowd of hung targets cannot starve the healthy ones behind them.

export interface Batch<T, R> {
  items: readonly T[];
  /** Epoch ms after which a run not yet started is not started at all. */
  deadline: number;
  /** Fired when the whole batch is given up (scrape over, client gone). */
  signal?: AbortSignal;
  group(item: T): string;
  run(item: T): Promise<R>;
  /** The result of an item that never got a slot in time. */
  notRun(item: T): R;
}

interface Waiting {
  start(): void;
  skip(): void;
  group: string;
  deadline: number;
}

export class ProbePool {
  private running = 0;
  private readonly runningBy = new Map<string, number>();
  // Insertion order is the round-robin order; a group that got a slot moves to the back.
  private readonly queues = new Map<string, Waiting[]>();
  readonly groupLimit: number;
  /**
   * Keys of runs that timed out last time, kept by the pool rather than by one collector so
   * that a reload, which builds new collectors, does not forget which targets hang.
   */
  readonly timedOut = new Set<string>();

  constructor(readonly limit: number) {
    this.groupLimit = Math.max(1, Math.ceil(limit / 2));
  }

  /** Runs in flight right now. */
  get active(): number {
    return this.running;
  }

  runBatch<T, R>(batch: Batch<T, R>): Promise<R[]> {
    const mine: Waiting[] = [];
    const results = batch.items.map(
      (item) =>
        new Promise<R>((resolve, reject) => {
          const group = batch.group(item);
          const w: Waiting = {
            group,
            deadline: batch.deadline,
            skip: () => resolve(batch.notRun(item)),
            start: () => {
              this.running++;
              this.runningBy.set(group, (this.runningBy.get(group) ?? 0) + 1);
              // A run that rejects is a bug in the runner, not a verdict on the target: it fails
              // the batch (and so the collector) rather than being dressed up as a result.
              batch
                .run(item)
                .then(resolve, reject)
                .finally(() => {
                  this.running--;
                  const n = this.runningBy.get(group)! - 1;
                  if (n === 0) this.runningBy.delete(group);
                  else this.runningBy.set(group, n);
                  this.pump();
                });
            },
          };
          mine.push(w);
          this.enqueue(w);
        }),
    );
    // What is still queued when the batch's time is up, or when it is given up, is settled
    // as not run at that moment: the caller must answer by its deadline, queue or not.
    const giveUp = () => this.drop(new Set(mine));
    const timer = setTimeout(giveUp, Math.max(0, batch.deadline - Date.now()));
    batch.signal?.addEventListener('abort', giveUp, { once: true });
    this.pump();
    return Promise.all(results).finally(() => {
      clearTimeout(timer);
      batch.signal?.removeEventListener('abort', giveUp);
    });
  }

  private enqueue(w: Waiting): void {
    const q = this.queues.get(w.group);
    if (q) q.push(w);
    else this.queues.set(w.group, [w]);
  }

  private drop(entries: Set<Waiting>): void {
    for (const [group, q] of this.queues) {
      const keep = q.filter((w) => !entries.has(w));
      for (const w of q) if (entries.has(w)) w.skip();
      if (keep.length) this.queues.set(group, keep);
      else this.queues.delete(group);
    }
  }

  private pump(): void {
    while (this.running < this.limit) {
      const w = this.next();
      if (!w) return;
      if (Date.now() >= w.deadline) w.skip();
      else w.start();
    }
  }

  /** The head of the waiting group with the fewest runs in flight, under its cap. */
  private next(): Waiting | undefined {
    let best: string | undefined;
    let bestRunning = Infinity;
    for (const group of this.queues.keys()) {
      const n = this.runningBy.get(group) ?? 0;
      if (n < this.groupLimit && n < bestRunning) {
        best = group;
        bestRunning = n;
        if (n === 0) break;
      }
    }
    if (best === undefined) return undefined;
    const q = this.queues.get(best)!;
    const w = q.shift()!;
    this.queues.delete(best);
    if (q.length) this.queues.set(best, q);
    return w;
  }
}
