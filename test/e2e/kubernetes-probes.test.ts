import { createServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../support/kubernetes-schemas.js';
import { freePort } from '../support/ports.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// The shipped ScrapeConfig (deploy/kubernetes/probes.yaml) as the operator would hand it to
// Prometheus: its targets and relabelings, unchanged but for the Service address, scraping
// a real vigil whose probes carry the ScrapeConfig's names. Each probe is then its own
// target: `up` says vigil answered, probe_success says whether the service did.

const prom = tool('prometheus', 'prometheus');
const DIR = fileURLToPath(new URL('../../deploy/kubernetes', import.meta.url));

interface Relabel {
  sourceLabels?: string[];
  targetLabel?: string;
  replacement?: string;
  action?: string;
}
interface ScrapeSpec {
  jobName: string;
  metricsPath: string;
  staticConfigs: { targets: string[] }[];
  relabelings: Relabel[];
}

describe.skipIf(prom.missing)('the Kubernetes probes ScrapeConfig against a real vigil', () => {
  let vigil: VigilProcess;
  let p: RunningPrometheus;
  let listener: Server;
  let names: string[];
  const down = 'cache';

  beforeAll(async () => {
    const spec = loadManifests(DIR).find((m) => m.kind === 'ScrapeConfig')!.doc['spec'] as ScrapeSpec;
    names = spec.staticConfigs.flatMap((s) => s.targets);
    expect(names).toContain(down);
    listener = createServer((s) => s.end());
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const open = (listener.address() as { port: number }).port;
    const closed = await freePort();
    // The same probe names, pointed at this machine: one reachable port, one closed.
    const probes = names.map((name) => ({ name, kind: 'tcp', host: '127.0.0.1', port: name === down ? closed : open, timeout: '2s' }));
    const dir = mkdtempSync(join(tmpdir(), 'vigil-k8s-probes-'));
    writeFileSync(join(dir, 'vigil.yml'), yaml.dump({ probes }));
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), '--collector.disable-defaults']);

    const address = new URL(vigil.url).host;
    const relabel_configs = spec.relabelings.map((r) => ({
      ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
      ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
      // The Service's cluster address is this test's vigil.
      ...(r.replacement ? { replacement: r.replacement === 'vigil-probes:9469' ? address : r.replacement } : {}),
      ...(r.action ? { action: r.action } : {}),
    }));
    expect(relabel_configs.some((r) => r.replacement === address)).toBe(true);
    p = await startPrometheus(
      prom.path!,
      yaml.dump({
        global: { scrape_interval: '1s', scrape_timeout: '1s' },
        scrape_configs: [{ job_name: spec.jobName, metrics_path: spec.metricsPath, static_configs: spec.staticConfigs, relabel_configs }],
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
    await vigil?.stop();
    await new Promise((r) => listener?.close(r));
  });

  it('scrapes each probe as its own target named by the probe, and reports the closed one failing', async () => {
    const up = await eventually(async () => {
      const rows = await p.query('up{job="vigil"} == 1');
      return rows.length === names.length ? rows : undefined;
    }, 20_000);
    expect(up.map((r) => r.metric['instance']).sort()).toEqual([...names].sort());
    const success = await eventually(async () => {
      const rows = await p.query('probe_success{job="vigil"}');
      return rows.length === names.length ? rows : undefined;
    }, 20_000);
    const byName = new Map(success.map((r) => [r.metric['instance']!, r.value[1]]));
    for (const n of names) expect(byName.get(n), n).toBe(n === down ? '0' : '1');
    // /probe answers for the one probe asked for, not all of them.
    const perTarget = await p.query('count by (instance) (probe_success{job="vigil"})');
    expect(perTarget.every((r) => r.value[1] === '1')).toBe(true);
  }, 60_000);
});
