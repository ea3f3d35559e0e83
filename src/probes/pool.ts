// A bounded pool: at most `limit` tasks in flight, results in input order. vigil's own probes
// run through the shared scheduler (scheduler.ts); this one paces the probe benchmark's
// /probe requests to blackbox_exporter at the same concurrency, so both sides run 64 at a time.

export async function mapPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
