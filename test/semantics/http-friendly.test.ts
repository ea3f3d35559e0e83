// Issue 15's one-line request alerts: `metric: http_error_ratio, above: "5%", for: 5m` over
// the http_requests_total that vigil's access-log tailing (or any client) serves. Written by
// hand: series every 15 s, errors counted per second, the alert fires about 5 minutes after
// the 5xx share crosses 5 %, and never on no traffic or on exactly 5 %.
import { describe, expect, it } from 'vitest';
import { firingAt, promtool, runCases } from './time-support.js';

const RULES = `version: 1
groups:
  - name: web
    alerts:
      - alert: WebErrorRatioHigh
        metric: http_error_ratio
        above: "5%"
        for: 5m
`;
const s = (instance: string, code: string) =>
  `http_requests_total{instance="${instance}", job="vigil", log="web", method="GET", code="${code}"}`;

describe.skipIf(promtool.missing)('http_error_ratio (promtool, hand-written)', () => {
  it('fires about 5 minutes after 10 % of requests start failing, not on exactly 5 %, not without traffic', () => {
    const r = runCases(
      RULES,
      [
        {
          name: 'error ratio',
          interval: '15s',
          input_series: [
            // a: 9 good and, from minute 10, 1 failing request a second (10 %).
            { series: s('a', '200'), values: '0+135x120' },
            { series: s('a', '500'), values: '0x40 15+15x79' },
            // c: 19 good and 1 failing a second from the start: exactly 5 %.
            { series: s('c', '200'), values: '0+285x120' },
            { series: s('c', '500'), values: '0+15x120' },
            // d: traffic stops at minute 5; the counters stay where they were.
            { series: s('d', '200'), values: '0+150x20 3000x100' },
            { series: s('d', '500'), values: '0+30x20 600x100' },
          ],
          promql_expr_test: firingAt('WebErrorRatioHigh', {
            // d: 2 of 12 requests a second fail (17 %) from the start: the 1m rate window is full at
            // about 1m, so with `for: 5m` end to end it fires at about 5m. Its traffic stops at 5m:
            // no requests is no ratio, which the alert treats like a scrape gap and holds for its
            // wait plus the rate window (last value at about 5m45s, held 6m), then it clears.
            '3m': [],
            '5m30s': ['instance="d", job="vigil", log="web", severity="warning"'],
            '12m30s': [],
            // a's errors begin at 10m; the condition holds from about 10m15s: pending, not firing, at 14m.
            '14m': [],
            '15m30s': ['instance="a", job="vigil", log="web", severity="warning"'],
            '25m': ['instance="a", job="vigil", log="web", severity="warning"'],
          }),
        },
      ],
      '15s',
    );
    expect(r.code, r.output).toBe(0);
  });

  it('p95 latency: fires about 5 minutes after a tenth of requests start taking 3 s, not without traffic', () => {
    const rules = `version: 1
groups:
  - name: web
    alerts:
      - alert: WebSlow
        metric: http_request_duration_p95_seconds
        above: 2s
        for: 5m
`;
    // 100 requests a second, every 15 s. Until 10m all take 50 ms; from 10m, 90 take 50 ms and
    // 10 take 3 s. Once the 1m window is all slow, p95 is 2.5 + 2.5 * (95 - 90) / 10 = 3.75 s. The
    // window holds three slow steps of four at 10m45s: 2.5 + 2.5 * (95 - 92.5) / 7.5 = 3.33 s, the
    // first reading above 2 s; with `for: 5m` end to end (rate 1m + for 4m) it fires at 14m45s.
    const b = (le: string, values: string) => ({
      series: `http_request_duration_seconds_bucket{instance="a", job="vigil", log="web", le="${le}"}`,
      values,
    });
    const r = runCases(
      rules,
      [
        {
          name: 'a slow tenth',
          interval: '15s',
          input_series: [
            ...['0.005', '0.01', '0.025'].map((le) => b(le, '0x120')),
            ...['0.05', '0.1', '0.25', '0.5', '1', '2.5'].map((le) => b(le, '0+1500x40 61350+1350x79')),
            ...['5', '10', '+Inf'].map((le) => b(le, '0+1500x120')),
          ],
          promql_expr_test: firingAt('WebSlow', {
            '10m': [],
            '14m30s': [],
            '15m': ['instance="a", job="vigil", log="web", severity="warning"'],
            '25m': ['instance="a", job="vigil", log="web", severity="warning"'],
          }),
        },
      ],
      '15s',
    );
    expect(r.code, r.output).toBe(0);
  });
});
