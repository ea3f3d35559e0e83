// Which alerts a stopped vigil mutes, read from what each alert watches. Every expectation is
// written by hand from where the alert's data comes from: vigil's metrics selected on its job
// (vigil, or vigil-probes for the per-probe scrapes) depend on that vigil; Prometheus's own
// series, records, SLOs, constants and alerts over the whole fleet do not.
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { compile } from '../../src/compiler/pipeline.js';
import { isError } from '../../src/compiler/report.js';
import { alertmanagerView } from '../../src/compiler/views.js';

const RULES = `version: 1
groups:
  - name: kinds
    defaults:
      selector: { job: vigil }
    records:
      - record: instance:node_load1:max
        expr: max by (instance) (node_load1{job="vigil"})
    alerts:
      - alert: VigilTargetDown
        target_down: true
        for: 2m
        severity: critical
      - alert: AppDown
        target_down: true
        selector: { job: app }
        for: 2m
      - alert: HostCpuHigh
        metric: cpu_usage_percent
        above: { warning: 80, critical: 95 }
        for: 5m
      - alert: HostCpuHighUnmuted
        metric: cpu_usage_percent
        above: 99
        for: 5m
        muted_while_vigil_down: false
      - alert: ProbeFailing
        probe: failing
        for: 2m
      - alert: ProbeJobFailing
        probe: failing
        selector: { job: vigil-probes }
        for: 2m
      - alert: ProcessGroupDown
        metric: process_count
        below: 1
        for: 2m
      - alert: HostLoadMissing
        absent: 'node_load1{instance="web-1:9469"}'
      - alert: FleetLoadMissing
        absent: node_load1
      - alert: NoVigilAtAll
        absent: up
      - alert: BackupStale
        stale: { metric: 'backup_last_success_timestamp_seconds{instance="db-1:9469"}', older_than: 26h }
      - alert: LoadExpr
        expr: node_load1{job="vigil"} > 4
        for: 5m
      - alert: FleetLoadExpr
        expr: sum(node_load1{job="vigil"}) > 100
        for: 5m
      - alert: LoadAnyJob
        expr: node_load1 > 4
        for: 5m
      - alert: LoadAnyJobStated
        expr: node_load1 > 4
        for: 5m
        muted_while_vigil_down: true
      - alert: UpExpr
        expr: up{job="vigil"} == 0
        for: 5m
      - alert: PrometheusNotificationsFailing
        expr: rate(prometheus_notifications_errors_total{job="prometheus"}[5m]) > 0
        for: 5m
      - alert: Watchdog
        expr: vector(1) == 1
        severity: info
      - alert: RequestErrors
        ratio: { metric: http_requests_total, errors: { code: { regex: "5.." } } }
        above: "5%"
        for: 5m
      - alert: RequestLatency
        latency: { histogram: http_request_duration_seconds, quantile: 0.99 }
        above: 1s
        for: 5m
      - alert: LoadRecordHigh
        metric: instance:node_load1:max
        above: 4
        for: 5m
  - name: other
    alerts:
      - alert: WebErrorRatioHigh
        metric: http_error_ratio
        selector: { log: web }
        above: "5%"
        for: 5m
      - alert: AppAvailability
        slo: { objective: 99.9, availability: { metric: http_requests_total, errors: { code: { regex: "5.." } } } }
        selector: { job: app }
`;

describe('how each alert stands to the scrape of vigil', () => {
  const compiled = compile([{ path: 'rules/kinds.yaml', text: RULES }]);
  const view = alertmanagerView(compiled.models);
  const names = (role: string) =>
    view.alerts
      .filter((a) => a.vigilScrape === role)
      .map((a) => a.name)
      .sort();

  it('compiles without errors', () => {
    expect(compiled.diagnostics.filter(isError)).toEqual([]);
  });

  it("takes a target_down over vigil's job as what mutes the others, not one over another job, nor one told not to", () => {
    expect(names('down')).toEqual(['VigilTargetDown']);
  });

  it("mutes alerts on vigil's metrics of one host (friendly metrics, probes on either job, absent or stale series of one instance, PromQL on job vigil)", () => {
    expect(names('depends')).toEqual([
      'BackupStale',
      'HostCpuHigh',
      'HostLoadMissing',
      'LoadAnyJobStated',
      'LoadExpr',
      'ProbeFailing',
      'ProbeJobFailing',
      'ProcessGroupDown',
      'RequestErrors',
      'RequestLatency',
    ]);
  });

  it("never mutes Prometheus's own series, constants, records, SLOs, fleet-wide alerts, other jobs, or an alert told not to", () => {
    const neither = view.alerts
      .filter((a) => a.vigilScrape === undefined)
      .map((a) => a.name)
      .sort();
    expect(neither).toEqual([
      'AppAvailability',
      'AppDown',
      'FleetLoadExpr',
      'FleetLoadMissing',
      'HostCpuHighUnmuted',
      'LoadAnyJob',
      'LoadRecordHigh',
      'NoVigilAtAll',
      'PrometheusNotificationsFailing',
      'UpExpr',
      'Watchdog',
      'WebErrorRatioHigh',
    ]);
  });

  it('writes the two rules of the generated alertmanager.yml with exactly those alerts', () => {
    const am = yaml.load(compiled.outputs.get('prometheus/alertmanager.yml')!) as { inhibit_rules: Record<string, unknown>[] };
    const muted =
      'alertname=~"BackupStale|HostCpuHigh|HostLoadMissing|LoadAnyJobStated|LoadExpr|ProbeFailing|ProbeJobFailing|ProcessGroupDown|RequestErrors|RequestLatency"';
    expect(am.inhibit_rules.filter((r) => (r['equal'] as string[]).length === 1)).toEqual([
      { source_matchers: ['alertname="VigilTargetDown"', 'instance=~".+"'], target_matchers: [muted], equal: ['instance'] },
      { source_matchers: ['alertname="VigilTargetDown"', 'vigil=~".+"'], target_matchers: [muted], equal: ['vigil'] },
    ]);
  });
});
