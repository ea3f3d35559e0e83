// The default annotations of a `latency:` alert describe its histogram, not the probe metric
// whose units and formatting it borrows.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';

const RULES = `version: 1
groups:
  - name: shop
    alerts:
      - alert: CheckoutSlow
        latency: { histogram: http_request_duration_seconds, quantile: 0.99, window: 10m }
        above: 0.5
        for: 5m
`;

describe('latency alert wording', () => {
  it('describes the percentile of the histogram, its window and the level', () => {
    const { models, diagnostics } = compile([{ path: 'rules/shop.yaml', text: RULES }]);
    expect(diagnostics).toEqual([]);
    const level = models[0]!.groups[0]!.alerts[0]!.levels[0]!;
    expect(level.description).toBe(
      'P99 latency of http_request_duration_seconds over 10m, from the rate of its buckets; fires when it stays above 0.5s for 5m.',
    );
    expect(level.description).not.toMatch(/probe/i);
  });

  it("names the histogram's percentile, not a probe metric, in the detection time vigil check prints", () => {
    const { models } = compile([{ path: 'rules/shop.yaml', text: RULES }]);
    const alert = models[0]!.groups[0]!.alerts[0]!;
    const level = alert.levels[0]!;
    expect(level.detection).toContain('p99 latency of http_request_duration_seconds above 0.5s');
    expect(level.detection).not.toMatch(/probe/i);
    expect(alert.watched.metric).toBeUndefined();
  });
});
