// The arithmetic of the time semantics (timing.ts) and of resampled test input (series.ts).
import { describe, expect, it } from 'vitest';
import { counter, gauge, rateAt, resample } from '../../src/compiler/series.js';
import { absenceWindowMs, bridgeMs, rateWindow, ruleForMs, testIntervalSeconds } from '../../src/compiler/timing.js';

describe('time semantics', () => {
  it('rate windows are 4 scrape intervals, at least 1m, and count the samples a full window holds', () => {
    expect(rateWindow(15_000)).toEqual({ range: '1m', minutes: 1, fullSamples: 4 });
    expect(rateWindow(60_000)).toEqual({ range: '4m', minutes: 4, fullSamples: 4 });
    expect(rateWindow(5_000)).toEqual({ range: '1m', minutes: 1, fullSamples: 12 });
  });

  it('takes the rate window out of for, never below 0, and bridges gaps for the wait plus the window', () => {
    expect(ruleForMs(300_000, 60_000)).toBe(240_000);
    expect(ruleForMs(30_000, 60_000)).toBe(0);
    expect(bridgeMs(300_000, 15_000)).toBe(360_000);
  });

  it("absent waits its window, else the alert's for, else the group's for (at least 5m), else 5m", () => {
    expect(absenceWindowMs({ alert: 'A', absent: { metric: 'up', window: '10m' } }, { forMs: 60_000, forExplicit: true })).toBe(600_000);
    expect(absenceWindowMs({ alert: 'A', absent: 'up' }, { forMs: 120_000, forExplicit: true })).toBe(120_000);
    expect(absenceWindowMs({ alert: 'A', absent: 'up' }, { forMs: 120_000, forExplicit: false })).toBe(300_000);
    expect(absenceWindowMs({ alert: 'A', absent: 'up' }, { forMs: 0, forExplicit: false })).toBe(300_000);
  });

  it('feeds generated tests every scrape, or the longest divisor of a minute below it', () => {
    expect(testIntervalSeconds(15_000)).toBe(15);
    expect(testIntervalSeconds(25_000)).toBe(20);
    expect(testIntervalSeconds(120_000)).toBe(60);
  });

  it('resamples counters linearly and gauges by holding, keeping rate over whole minutes', () => {
    const c = counter('c_total', {}, () => 2, 3);
    const r = resample(c, 4);
    expect(r.values).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360]);
    expect(rateAt(c, 1, 2)).toBe(2);
    expect(
      resample(
        gauge('g', {}, (t) => t, 2),
        2,
      ).values,
    ).toEqual([0, 0, 1, 1, 2]);
  });
});
