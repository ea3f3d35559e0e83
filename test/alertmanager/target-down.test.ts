import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { alertmanagerConfig, renderAlertmanager } from '../../src/alertmanager/emit.js';
import { targetDownRules } from '../../src/alertmanager/target-down.js';
import type { AlertSpec, AlertmanagerInput } from '../../src/alertmanager/types.js';
import { run, tool } from '../support/tools.js';

// A stopped vigil mutes the alerts fed by its scrape. The expected rules are written by hand
// from what they must mean: VigilTargetDown of host H mutes H's probe, process and host
// alerts, compared on `instance` (vigil's own /metrics) or on `vigil` (the per-probe job,
// whose instance is the probe's target), and never Watchdog or an alert nothing ties to vigil.

const alerts: AlertSpec[] = [
  { name: 'VigilTargetDown', severities: ['critical'], labels: {}, vigilScrape: 'down' },
  { name: 'ProbeFailing', severities: ['critical'], labels: {}, identity: ['instance', 'job', 'kind', 'probe'], vigilScrape: 'depends' },
  { name: 'ProcessGroupDown', severities: ['critical'], labels: { team: 'ops' }, vigilScrape: 'depends' },
  { name: 'HostDiskFull', severities: ['warning', 'critical'], labels: {}, identity: ['instance', 'mountpoint'], vigilScrape: 'depends' },
  { name: 'Watchdog', severities: ['info'], labels: {} },
  { name: 'AppAvailability', severities: ['warning', 'critical'], labels: {}, identity: ['slo'] },
];

const notify: AlertmanagerInput['notify'] = {
  defaultReceiver: 'default',
  receivers: [{ name: 'default', targets: [{ kind: 'webhook', url: 'http://hooks.example.org/default', sendResolved: true }] }],
  routes: [],
};

describe('the inhibition of alerts fed by a vigil that cannot be scraped', () => {
  it('mutes the dependent alerts on the same instance, and on the same vigil label, while the target-down alert fires', () => {
    expect(targetDownRules(alerts)).toEqual([
      {
        source_matchers: ['alertname="VigilTargetDown"', 'instance=~".+"'],
        target_matchers: ['alertname=~"HostDiskFull|ProbeFailing|ProcessGroupDown"'],
        equal: ['instance'],
      },
      {
        source_matchers: ['alertname="VigilTargetDown"', 'vigil=~".+"'],
        target_matchers: ['alertname=~"HostDiskFull|ProbeFailing|ProcessGroupDown"'],
        equal: ['vigil'],
      },
    ]);
  });

  it('gives every target-down alert as a source, and writes nothing without a source or without a dependent', () => {
    const two = [...alerts, { name: 'VigilProbesDown', severities: ['warning'], labels: {}, vigilScrape: 'down' as const }];
    expect(targetDownRules(two).map((r) => r['source_matchers'])).toEqual([
      ['alertname=~"VigilProbesDown|VigilTargetDown"', 'instance=~".+"'],
      ['alertname=~"VigilProbesDown|VigilTargetDown"', 'vigil=~".+"'],
    ]);
    expect(targetDownRules(alerts.filter((a) => a.vigilScrape !== 'down'))).toEqual([]);
    expect(targetDownRules(alerts.filter((a) => a.vigilScrape !== 'depends'))).toEqual([]);
  });

  it('comes after the inhibitions between levels of one alert in the emitted config', () => {
    const cfg = alertmanagerConfig({ notify, alerts }) as { inhibit_rules: { equal: string[] }[] };
    expect(cfg.inhibit_rules.map((r) => r.equal)).toEqual([
      ['alertname', 'instance', 'mountpoint'],
      ['alertname', 'slo'],
      ['instance'],
      ['vigil'],
    ]);
  });
});

const amtool = tool('amtool', 'prometheus-alertmanager');

describe.skipIf(amtool.missing)('the target-down inhibition, checked by amtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-amtool-down-'));
  const file = join(dir, 'alertmanager.yml');
  const text = renderAlertmanager({ notify, alerts });
  writeFileSync(file, text);

  it('passes amtool check-config and reads back as written', () => {
    const r = run(amtool.path!, ['check-config', file]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.code).toBe(0);
    const back = yaml.load(text) as { inhibit_rules: { equal: string[] }[] };
    expect(back.inhibit_rules.filter((x) => x.equal.length === 1)).toHaveLength(2);
  });
});
