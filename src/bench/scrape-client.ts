// The benchmarks' scraper: one keep-alive connection per target, timed to the last body byte.
import { Agent, request } from 'node:http';

/** One keep-alive connection per target, like `wrk -c1` and like Prometheus itself. */
export class ScrapeClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** Seconds from request to the last body byte; throws on a non-200 answer. */
  scrape(): Promise<{ seconds: number; bytes: number }> {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request(this.url, { agent: this.agent, headers: this.headers, timeout: 30_000 }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${this.url}: HTTP ${res.statusCode}`));
          else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes });
        });
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`${this.url}: timeout`)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
