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
const s = (instance: string, code: string) => `http_requests_total{instance="${instance}", job="vigil", log="web", method="GET", code="${code}"}`;

describe.skipIf(promtool.missing)('http_error_ratio (promtool, hand-written)', () => {
  it('fires about 5 minutes after 10 % of requests start failing, not on exactly 5 %, not without traffic', () => {
    const r = runCases(RULES, [{
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
    }], '15s');
    expect(r.code, r.output).toBe(0);
  });
});
