import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// The real consumer: Prometheus scrapes vigil (asking for OpenMetrics first, as it does) and
// the series land in its TSDB under node_exporter's names.

const prom = tool('prometheus', 'prometheus');

describe.skipIf(prom.missing)('scraped by a real Prometheus', () => {
  let vigil: VigilProcess;
  let p: RunningPrometheus;
  beforeAll(async () => {
    vigil = await startVigilProcess([]);
    const target = new URL(vigil.url).host;
    p = await startPrometheus(
      prom.path!,
      [
        'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}',
        'scrape_configs:',
        '  - job_name: vigil',
        `    static_configs: [{targets: ['${target}']}]`,
      ].join('\n'),
    );
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
    await vigil?.stop();
  });

  it('is up, every collector succeeds within the 1 s scrape timeout, and host series are queryable', async () => {
    const up = await eventually(async () => (await p.query('up{job="vigil"}'))[0], 20_000);
    expect(up.value[1]).toBe('1');
    const failed = await p.query('vigil_scrape_collector_success == 0');
    expect(failed.map((r) => r.metric['collector'])).toEqual([]);
    const mem = await p.query('node_memory_MemTotal_bytes');
    expect(Number(mem[0]!.value[1])).toBeGreaterThan(0);
    const cpus = await p.query('count(count by (cpu) (node_cpu_seconds_total))');
    expect(Number(cpus[0]!.value[1])).toBeGreaterThan(0);
    const root = await p.query('node_filesystem_avail_bytes{mountpoint="/"}');
    expect(root).toHaveLength(1);
    // A counter read through rate() needs two scrapes: proves the OpenMetrics _total handling.
    const rate = await eventually(async () => (await p.query('sum(rate(node_cpu_seconds_total[5s]))'))[0], 15_000);
    expect(Number(rate.value[1])).toBeGreaterThan(0);
    const dur = await p.query('scrape_duration_seconds{job="vigil"}');
    expect(Number(dur[0]!.value[1])).toBeLessThan(1);
  }, 60_000);
});
