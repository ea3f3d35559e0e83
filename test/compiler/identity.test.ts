// Which labels tell the series of a PromQL expression apart (src/compiler/identity.ts). The
// expected sets are written from Prometheus's semantics of each construct, not from the code.
import { describe, expect, it } from 'vitest';
import { identityOf } from '../../src/compiler/identity.js';
import { CATALOG } from '../../src/compiler/catalog.js';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';

const labels = (expr: string) => {
  const id = identityOf(expr);
  return 'labels' in id ? id.labels : `unknown: ${id.unknown}`;
};

describe('the identity of a PromQL expression', () => {
  it("keeps a known family's labels plus instance and job through arithmetic", () => {
    expect(labels('node_filesystem_avail_bytes / node_filesystem_size_bytes')).toEqual([
      'device',
      'fstype',
      'instance',
      'job',
      'mountpoint',
    ]);
    expect(labels('100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)')).toEqual(['instance', 'job']);
    expect(labels('rate(node_network_receive_errs_total[5m])')).toEqual(['device', 'instance', 'job']);
    expect(labels('probe_success{probe="api"} == 0')).toEqual(['instance', 'job', 'kind', 'probe']);
  });

  it('cannot know the labels of a metric vigil does not export, kept whole', () => {
    expect(labels('app_queue_depth{queue="mail"}')).toMatch(/^unknown: .*app_queue_depth/);
    expect(labels('rate(app_errors_total[5m]) > 1')).toMatch(/^unknown/);
    expect(labels('sum without (cpu) (rate(app_cpu_seconds_total[5m]))')).toMatch(/^unknown/);
    expect(labels('quantile_over_time(0.9, app_latency_seconds[10m])')).toMatch(/^unknown/);
    expect(labels('{__name__=~"app_.*"}')).toMatch(/^unknown: .*names no single metric/);
  });

  it('keeps exactly the by labels of an aggregation, and none without a clause', () => {
    expect(labels('sum by (instance, queue) (app_queue_depth)')).toEqual(['instance', 'queue']);
    expect(labels('max(app_queue_depth)')).toEqual([]);
    expect(labels('sum(rate(app_requests_total[5m])) by (instance, path)')).toEqual(['instance', 'path']);
    expect(labels('sum without (cpu, mode) (rate(node_cpu_seconds_total[5m]))')).toEqual(['instance', 'job']);
    expect(labels('count_values("version", app_build_info)')).toEqual(['version']);
    // topk picks series; it does not aggregate their labels away.
    expect(labels('topk(3, sum by (service) (rate(x_total[5m])))')).toEqual(['service']);
    expect(labels('topk by (a) (3, app_queue_depth)')).toMatch(/^unknown/);
  });

  it('follows the functions that add or drop labels', () => {
    expect(labels('label_replace(sum by (a) (x), "b", "$1", "a", "(.*)")')).toEqual(['a', 'b']);
    expect(labels('label_join(sum by (a, c) (x), "ac", "-", "a", "c")')).toEqual(['a', 'ac', 'c']);
    expect(labels('histogram_quantile(0.99, sum by (le, service) (rate(h_bucket[5m])))')).toEqual(['service']);
    expect(labels('absent(up{job="api", env=~"prod"})')).toEqual(['job']);
    expect(labels('vector(1)')).toEqual([]);
    expect(labels('time() - scalar(max(x))')).toEqual([]);
    expect(labels('info(rate(x_total[5m]))')).toMatch(/^unknown: info/);
  });

  it('follows vector matching: on keeps its labels, ignoring drops, group_x adds, a known side bounds the result', () => {
    expect(labels('app_queue_depth > on (instance, job) app_queue_limit')).toEqual(['instance', 'job']);
    expect(labels('app_used_bytes / ignoring (kind) node_filesystem_size_bytes')).toEqual([
      'device',
      'fstype',
      'instance',
      'job',
      'mountpoint',
    ]);
    expect(labels('sum by (instance, queue) (x) / on (instance) group_left (team) app_owner_info')).toEqual(['instance', 'queue', 'team']);
    expect(labels('app_owner_info * on (instance) group_right (team) sum by (instance, queue) (x)')).toEqual(['instance', 'queue', 'team']);
    expect(labels('app_x / on (instance) group_left app_y')).toMatch(/^unknown/);
    // one-to-one without a clause: a result exists only where both sides carry the same labels.
    expect(labels('app_avail_bytes / node_filesystem_size_bytes')).toEqual(['device', 'fstype', 'instance', 'job', 'mountpoint']);
    expect(labels('sum by (a, b) (x) / sum by (a) (y)')).toEqual(['a']);
  });

  it('keeps the left side of and/unless and either side of or', () => {
    expect(labels('sum by (instance) (x) > 5 and on (instance) app_enabled')).toEqual(['instance']);
    expect(labels('sum by (instance) (x) unless sum by (queue) (y)')).toEqual(['instance']);
    expect(labels('sum by (a) (x) or sum by (b) (y)')).toEqual(['a', 'b']);
    expect(labels('sum by (a) (x) or app_y')).toMatch(/^unknown/);
  });

  it('reads through offsets, @, subqueries, parentheses and unary minus', () => {
    expect(labels('-(max_over_time(node_load5[10m:1m] offset 5m) @ 100)')).toEqual(['instance', 'job']);
  });

  it('agrees with the catalog on every friendly metric', () => {
    for (const m of CATALOG.values()) {
      expect(labels(m.promql(() => '')), m.name).toEqual([...m.keep].sort());
    }
  });
});

describe('identify_by', () => {
  const file = (extra: string) => `version: 1
groups:
  - name: g
    alerts:
      - alert: QueueDeep
        expr: ${extra}
        above: { warning: 100, critical: 1000 }
`;

  it('is what the inhibition compares when the labels cannot be derived', () => {
    const r = compile([{ path: 'rules/q.yaml', text: file('app_queue_depth\n        identify_by: [instance, queue, job]') }]);
    expect(r.diagnostics.filter(isError)).toEqual([]);
    expect(r.outputs.get('prometheus/alertmanager.yml')).toMatch(/equal:\n\s+- alertname\n\s+- instance\n\s+- job\n\s+- queue\n/);
  });

  it('warns when it leaves out a label vigil derives', () => {
    const r = compile([{ path: 'rules/q.yaml', text: file('node_filesystem_avail_bytes\n        identify_by: [instance]') }]);
    const w = r.diagnostics.find((d) => d.code === 'lint.identify-by-narrow');
    expect(w?.message).toContain('device, fstype, job, mountpoint');
    expect(w).toMatchObject({ line: 7, severity: 'warning' });
  });
});
