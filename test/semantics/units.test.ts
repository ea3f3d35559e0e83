// Thresholds written with units (2GiB, 500MB, 250ms, "99.5%") fire where a person reading
// them expects: proved by real promtool on input series computed by hand, with values
// exactly at each threshold (silent: "below 2GiB" is not "at 2GiB") and missing data.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/pipeline.js';
import { compiledRules, promtool, promtoolTest } from './rules-under-test.js';

const ann = 'summary: s\n        description: d';
const RULES = `version: 1
groups:
  - name: units
    alerts:
      - alert: MemoryLow
        metric: memory_available_bytes
        below: { warning: 2GiB, critical: 500MB }
        for: 5m
        ${ann}
      - alert: ProbeSlow
        metric: probe_latency_seconds
        above: 250ms
        ${ann}
      - alert: QueueBig
        expr: queue_bytes
        unit: bytes
        above: 1.5GiB
        ${ann}
      - alert: AvailabilityLow
        expr: availability_ratio
        unit: ratio
        below: 99.5%
        ${ann}
      - alert: DiskFillingUp
        metric: disk_available_bytes
        trend: { below: 10GiB, within: 1h, lookback: 30m }
        ${ann}
      - alert: FdsNearLimit
        metric: process_fd_usage_ratio
        above: 80%
        ${ann}
`;

const alert = (labels: Record<string, string>) =>
  `          - exp_labels: { ${Object.entries(labels)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ')} }\n            exp_annotations: { summary: s, description: d }\n`;
const at = (t: string, name: string, fired: Record<string, string>[]) =>
  `      - eval_time: ${t}\n        alertname: ${name}\n        exp_alerts:${fired.length ? `\n${fired.map(alert).join('')}` : ' []\n'}`;

describe('thresholds with units, against promtool', () => {
  it.skipIf(promtool.missing)('2GiB is 2147483648 bytes and 500MB is 500000000 bytes, each for 5 minutes', () => {
    // a: 3GiB for 5 minutes, exactly 2GiB for 6 (not below: silent), then 510000000 from
    //    minute 11: below 2GiB from 11, so the warning fires 5 minutes later at 16; 510000000
    //    is not below 500MB (it is below 500MiB), so never critical.
    // c: 2100000000 throughout: below 2GiB (not below 2GB), warning from 0, fires at 5.
    // b: 500MiB until minute 2, then 499999999 from minute 3: warning from 0 (fires at 5),
    //    critical from 3 (fires at 8).
    const a = { alertname: 'MemoryLow', instance: 'a', job: 'vigil' };
    const b = { alertname: 'MemoryLow', instance: 'b', job: 'vigil' };
    const c = { alertname: 'MemoryLow', instance: 'c', job: 'vigil' };
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'node_memory_MemAvailable_bytes{instance="a", job="vigil"}'
        values: '3221225472x4 2147483648x5 510000000x10'
      - series: 'node_memory_MemAvailable_bytes{instance="c", job="vigil"}'
        values: '2100000000x20'
      - series: 'node_memory_MemAvailable_bytes{instance="b", job="vigil"}'
        values: '524288000x2 499999999x17'
    alert_rule_test:
${at('4m', 'MemoryLow', [])}${at('5m', 'MemoryLow', [
      { ...b, severity: 'warning' },
      { ...c, severity: 'warning' },
    ])}${at('7m', 'MemoryLow', [
      { ...b, severity: 'warning' },
      { ...c, severity: 'warning' },
    ])}${at('8m', 'MemoryLow', [
      { ...b, severity: 'warning' },
      { ...b, severity: 'critical' },
      { ...c, severity: 'warning' },
    ])}${at('15m', 'MemoryLow', [
      { ...b, severity: 'warning' },
      { ...b, severity: 'critical' },
      { ...c, severity: 'warning' },
    ])}${at('16m', 'MemoryLow', [
      { ...a, severity: 'warning' },
      { ...b, severity: 'warning' },
      { ...b, severity: 'critical' },
      { ...c, severity: 'warning' },
    ])}`;
    const r = promtoolTest(compiledRules('units', RULES), test);
    expect(r.code, r.output).toBe(0);
  });

  it.skipIf(promtool.missing)('250ms is a quarter of a second; exactly 250ms stays silent', () => {
    const p = { alertname: 'ProbeSlow', instance: 'a', job: 'vigil', probe: 'api', kind: 'http', severity: 'warning' };
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'probe_duration_seconds{instance="a", job="vigil", probe="api", kind="http"}'
        values: '0.2 0.25 0.25 0.251 0.3 0.1'
    alert_rule_test:
${at('0m', 'ProbeSlow', [])}${at('2m', 'ProbeSlow', [])}${at('3m', 'ProbeSlow', [p])}${at('4m', 'ProbeSlow', [p])}${at('5m', 'ProbeSlow', [])}`;
    const r = promtoolTest(compiledRules('units', RULES), test);
    expect(r.code, r.output).toBe(0);
  });

  it.skipIf(promtool.missing)('on expr, `unit: bytes` reads 1.5GiB and `unit: ratio` reads 99.5%; no data (NaN) stays silent', () => {
    const q = { alertname: 'QueueBig', instance: 'q', job: 'vigil', severity: 'warning' };
    const v = { alertname: 'AvailabilityLow', instance: 'v', job: 'vigil', severity: 'warning' };
    // 1.5GiB = 1610612736 bytes: at it silent, one byte more fires. 99.5% = 0.995: at it
    // silent, NaN (no traffic) silent, 0.99 fires.
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'queue_bytes{instance="q", job="vigil"}'
        values: '1610612736 1610612736 1610612737'
      - series: 'availability_ratio{instance="v", job="vigil"}'
        values: '0.995 NaN 0.99 1'
    alert_rule_test:
${at('1m', 'QueueBig', [])}${at('2m', 'QueueBig', [q])}${at('0m', 'AvailabilityLow', [])}${at('1m', 'AvailabilityLow', [])}${at('2m', 'AvailabilityLow', [v])}${at('3m', 'AvailabilityLow', [])}`;
    const r = promtoolTest(compiledRules('units', RULES), test);
    expect(r.code, r.output).toBe(0);
  });

  it.skipIf(promtool.missing)('a trend predicts a crossing of 10GiB (10737418240 bytes, not 10GB)', () => {
    // 20GiB free, falling 100MiB (104857600) a minute: in an hour 6291456000 less. The
    // prediction is below 10GiB once free < 17028874240, i.e. from minute 43 (at 42 it
    // predicts 10779361280). Against 10GB it would fire only from minute 50.
    const d = {
      alertname: 'DiskFillingUp',
      instance: 'a',
      job: 'vigil',
      device: '/dev/sda1',
      fstype: 'ext4',
      mountpoint: '/',
      severity: 'warning',
    };
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'node_filesystem_avail_bytes{instance="a", job="vigil", device="/dev/sda1", fstype="ext4", mountpoint="/"}'
        values: '21474836480-104857600x50'
    alert_rule_test:
${at('42m', 'DiskFillingUp', [])}${at('43m', 'DiskFillingUp', [d])}`;
    const r = promtoolTest(compiledRules('units', RULES), test);
    expect(r.code, r.output).toBe(0);
  });

  it.skipIf(promtool.missing)('80% on a ratio metric is 0.8', () => {
    const f = { alertname: 'FdsNearLimit', instance: 'a', job: 'vigil', groupname: 'app', severity: 'warning' };
    const test = `evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'namedprocess_namegroup_worst_fd_ratio{instance="a", job="vigil", groupname="app"}'
        values: '0.5 0.8 0.81'
    alert_rule_test:
${at('0m', 'FdsNearLimit', [])}${at('1m', 'FdsNearLimit', [])}${at('2m', 'FdsNearLimit', [f])}`;
    const r = promtoolTest(compiledRules('units', RULES), test);
    expect(r.code, r.output).toBe(0);
  });
});

describe('thresholds in the wrong unit', () => {
  const diag = (metric: string, above: string) => {
    const text = `version: 1\ngroups:\n  - name: g\n    alerts:\n      - alert: A\n        ${metric}\n        above: ${above}\n`;
    return compile([{ path: 'rules/x.yaml', text }]).diagnostics;
  };

  it('answers 2GB on a percentage with the accepted forms in words, not a regex', () => {
    const [d] = diag('metric: cpu_usage_percent', '2GB');
    expect(d).toMatchObject({ code: 'rules.unit', line: 7, column: 16 });
    expect(d!.hint).toContain('a percentage from 0 to 100');
    expect(d!.hint).not.toMatch(/\^|\\\./);
  });

  it('keeps "80%" on a metric already in percent an error that says to write 80', () => {
    const [d] = diag('metric: cpu_usage_percent', '"80%"');
    expect(d).toMatchObject({ code: 'rules.percent' });
    expect(d!.hint).toContain('write 80');
  });

  it('rejects 80 on a 0-1 ratio (it would never fire) and suggests 0.8 or "80%"', () => {
    const [d] = diag('metric: process_fd_usage_ratio', '80');
    expect(d).toMatchObject({ code: 'rules.percent' });
    expect(d!.hint).toContain('0.8 or "80%"');
  });

  it('asks for `unit:` before a suffixed threshold on raw PromQL', () => {
    const [d] = diag('expr: queue_bytes', '2GiB');
    expect(d).toMatchObject({ code: 'rules.unit' });
    expect(d!.hint).toContain('unit: bytes');
  });

  it('warns that 0.8 on a percentage means 0.8 percent', () => {
    const ds = diag('metric: cpu_usage_percent', '0.8');
    expect(ds.map((d) => `${d.code} ${d.severity}`)).toEqual(['lint.percent-scale warning']);
  });
});
