// Prometheus tells each scrape how long it will wait. We keep an offset back for rendering
// and the network, and never go below a floor that still lets fast collectors answer.
export const MIN_DEADLINE_SECONDS = 0.1;

// A header asking for more is clamped: nothing a scrape collects needs an hour, and a timer
// past 2^31-1 ms (about 24.8 days) would fire at once and fail every collector.
export const MAX_TIMEOUT_SECONDS = 3600;

export function scrapeBudgetSeconds(header: string | undefined, defaultSeconds: number, offsetSeconds: number): number {
  const parsed = header === undefined ? NaN : Number.parseFloat(header);
  const timeout = Math.min(MAX_TIMEOUT_SECONDS, Number.isFinite(parsed) && parsed > 0 ? parsed : defaultSeconds);
  // For short timeouts a fixed offset would eat the whole budget; cap it at a quarter.
  const offset = Math.min(offsetSeconds, timeout / 4);
  return Math.max(MIN_DEADLINE_SECONDS, timeout - offset);
}
