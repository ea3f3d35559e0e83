// Prometheus tells each scrape how long it will wait. We keep an offset back for rendering
// and the network, and never go below a floor that still lets fast collectors answer.
export const MIN_DEADLINE_SECONDS = 0.1;

export function scrapeBudgetSeconds(header: string | undefined, defaultSeconds: number, offsetSeconds: number): number {
  const parsed = header === undefined ? NaN : Number.parseFloat(header);
  const timeout = Number.isFinite(parsed) && parsed > 0 ? parsed : defaultSeconds;
  // For short timeouts a fixed offset would eat the whole budget; cap it at a quarter.
  const offset = Math.min(offsetSeconds, timeout / 4);
  return Math.max(MIN_DEADLINE_SECONDS, timeout - offset);
}
