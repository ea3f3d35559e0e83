import { afterEach, describe, expect, it } from 'vitest';
import type { Collector } from '../../src/collectors/types.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { ExpositionGuard } from '../../src/exporter/limits.js';
import { startExporter, type RunningExporter } from '../../src/exporter/server.js';
import { gauge } from '../../src/metrics/model.js';
import { run, tool } from '../support/tools.js';

let exp: RunningExporter | undefined;
afterEach(async () => {
  await exp?.close();
  exp = undefined;
});

describe('limits', () => {
  it('answers 503 beyond max_requests concurrent scrapes and serves the ones within', async () => {
    let calls = 0;
    const slow: Collector = {
      name: 'slow',
      collect: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 300));
        return [];
      },
    };
    const config = { ...defaultConfig(), listen: '127.0.0.1:0', limits: { ...defaultConfig().limits, max_requests: 3 } };
    exp = await startExporter({ config, collectors: [slow], log: () => undefined });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${exp!.url}/metrics`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(calls).toBe(1);
    const after = await (await fetch(`${exp.url}/metrics`)).text();
    expect(after).toMatch(/^vigil_http_requests_rejected_total 3$/m);
  });

  it('drops series past the series cap and over-long label values, and counts both', () => {
    const g = new ExpositionGuard({ maxSeries: 3, maxLabelValueLength: 10 });
    const out = g.apply([
      gauge('a', 'h', [{ labels: { x: 'short' }, value: 1 }, { labels: { x: 'x'.repeat(11) }, value: 2 }, { value: 3 }]),
      gauge('b', 'h', [{ value: 4 }, { value: 5 }]),
    ]);
    expect(out.map((f) => f.samples.map((s) => s.value))).toEqual([[1, 3], [4]]);
    const counts = g.families()[0]!.samples.map((s) => [s.labels!['reason'], s.value]);
    expect(counts).toEqual([
      ['label_value_too_long', 1],
      ['series_limit', 1],
    ]);
  });

  it('closes a connection that never finishes its headers', async () => {
    const config = {
      ...defaultConfig(),
      listen: '127.0.0.1:0',
      limits: { ...defaultConfig().limits, header_timeout_seconds: 0.3, request_timeout_seconds: 0.3 },
    };
    exp = await startExporter({ config, collectors: [], log: () => undefined });
    const { connect } = await import('node:net');
    const port = Number(new URL(exp.url).port);
    const closed = await new Promise<number>((resolve) => {
      const started = Date.now();
      const s = connect(port, '127.0.0.1', () => s.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'));
      s.on('data', () => undefined);
      s.on('close', () => resolve(Date.now() - started));
      setTimeout(() => {
        s.destroy();
        resolve(-1);
      }, 5000);
    });
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(3000);
  });
});

describe('hostile label values and help text', () => {
  const promtool = tool('promtool', 'prometheus');
  it.skipIf(promtool.missing)('still give an exposition promtool accepts', async () => {
    const nasty = ['quote " inside', 'back\\slash', 'new\nline', 'trailing \\', '\\"', 'ünïcödé ✓', 'x'.repeat(3000), '{}=,', ''];
    const hostile: Collector = {
      name: 'hostile',
      collect: () => [
        {
          name: 'test_hostile',
          help: 'help with \\ backslash\nand a newline',
          type: 'gauge',
          samples: nasty.map((v, i) => ({ labels: { v, i: String(i) }, value: i })),
        },
      ],
    };
    exp = await startExporter({ config: { ...defaultConfig(), listen: '127.0.0.1:0' }, collectors: [hostile], log: () => undefined });
    const body = await (await fetch(`${exp.url}/metrics`)).text();
    const r = run(promtool.path!, ['check', 'metrics'], { input: body });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(body).toContain('test_hostile{v="quote \\" inside",i="0"} 0');
    expect(body).toContain('test_hostile{v="new\\nline",i="2"} 2');
    expect(body).toContain('# HELP test_hostile help with \\\\ backslash\\nand a newline');
  });
});
