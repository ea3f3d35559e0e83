// systeminformation shells out on macOS and Windows (df, ps, netstat, wmic...) and some of
// those commands hang on a sick host. Every call is raced against a timeout; the loser's
// result is dropped and its rejection swallowed so it cannot crash the process later.
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}
