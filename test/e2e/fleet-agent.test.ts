import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { shippedRulesWithFor } from '../support/shipped-rules.js';
import { tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// The README's "from one host to a hundred": the shipped agent config (prometheus-agent.yml)
// scrapes the hosts and remote-writes to a central Prometheus, which alone loads the
// compiled rules. The agent's external label reaches the central store and its alerts.

const prom = tool('prometheus', 'prometheus');
const AGENT = fileURLToPath(new URL('../../prometheus/prometheus-agent.yml', import.meta.url));

interface AgentConfig {
  global: Record<string, unknown> & { external_labels: Record<string, string> };
  scrape_configs: { job_name: string; file_sd_configs: { files: string[] }[] }[];
  remote_write: { url: string; queue_config?: Record<string, unknown> }[];
}

describe.skipIf(prom.missing)('agent mode: a site agent remote-writes to a central Prometheus that evaluates the rules', () => {
  const hosts: VigilProcess[] = [];
  let central: RunningPrometheus;
  let agent: RunningPrometheus;
  let site: string;

  beforeAll(async () => {
    const flags = [
      '--path.procfs',
      FIXTURE_PATHS.procfs,
      '--path.sysfs',
      FIXTURE_PATHS.sysfs,
      '--path.rootfs',
      FIXTURE_PATHS.rootfs,
      '--collector.disable-defaults',
      '--collector.meminfo',
      '--collector.loadavg',
    ];
    hosts.push(...(await Promise.all([0, 1].map(() => startVigilProcess(flags)))));
    central = await startPrometheus(
      prom.path!,
      ['global: {evaluation_interval: 1s}', 'rule_files: ["*.rules.yml"]'].join('\n'),
      shippedRulesWithFor('3s'),
      { args: ['--web.enable-remote-write-receiver'] },
    );

    // The shipped agent config, pointed at this test's hosts and central store and sped up.
    const cfg = yaml.load(readFileSync(AGENT, 'utf8')) as AgentConfig;
    site = cfg.global.external_labels['site']!;
    expect(site).toBeTruthy();
    expect(cfg.scrape_configs.map((s) => s.job_name)).toEqual(['vigil']);
    cfg.global['scrape_interval'] = '1s';
    cfg.global['scrape_timeout'] = '1s';
    cfg.scrape_configs[0]!.file_sd_configs = [{ files: ['vigil-hosts.yml'] }];
    cfg.remote_write = [{ url: `${central.url}/api/v1/write`, queue_config: { batch_send_deadline: '1s' } }];
    const sd = [{ targets: hosts.map((h) => new URL(h.url).host), labels: { role: 'web' } }];
    agent = await startPrometheus(prom.path!, yaml.dump(cfg), { 'vigil-hosts.yml': yaml.dump(sd) }, { agent: true });
  }, 90_000);

  afterAll(async () => {
    await agent?.stop();
    await central?.stop();
    await Promise.all(hosts.map((h) => h.stop()));
  });

  it('the central store holds every host with the site label, and records health per instance', async () => {
    const up = await eventually(async () => {
      const rows = await central.query('up{job="vigil"} == 1');
      return rows.length === hosts.length ? rows : undefined;
    }, 40_000);
    expect(up.map((r) => r.metric['site'])).toEqual([site, site]);
    expect(up.map((r) => r.metric['role'])).toEqual(['web', 'web']);
    const status = await eventually(async () => {
      const rows = await central.query('vigil:health:status');
      return rows.length === hosts.length ? rows : undefined;
    }, 20_000);
    expect(status.map((r) => r.value[1])).toEqual(['0', '0']);
  }, 90_000);

  it("a stopped host's VigilTargetDown fires centrally, carrying the site, and no other", async () => {
    const victim = new URL(hosts[1]!.url).host;
    await hosts[1]!.stop();
    const alert = await eventually(async () => {
      const rows = await central.query('ALERTS{alertname="VigilTargetDown", alertstate="firing"}');
      return rows.length ? rows : undefined;
    }, 40_000);
    expect(alert.map((r) => [r.metric['instance'], r.metric['site']])).toEqual([[victim, site]]);
  }, 60_000);
});
