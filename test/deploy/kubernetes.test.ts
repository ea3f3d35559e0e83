import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { loadManifests, schemaErrors, type Manifest } from '../support/kubernetes-schemas.js';
import { run } from '../support/tools.js';
import { CLI } from '../support/vigil-process.js';

// deploy/kubernetes/: every object passes the published Kubernetes and Prometheus Operator
// schemas, the validator is shown to reject broken objects, and the pieces fit together
// (the paths vigil is told match the mounts, the Service is the ServiceMonitor's, the
// probes scraped are the probes configured, the rules are what `vigil compile` writes).

const DIR = fileURLToPath(new URL('../../deploy/kubernetes', import.meta.url));
const UNIT = fileURLToPath(new URL('../../deploy/systemd/vigil.service', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const manifests = loadManifests(DIR);

// Manifests are free-form YAML walked by path; the schema test above holds their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form YAML, checked by the schema test
type Obj = Record<string, any>;

function one(kind: string, name: string): Obj {
  const found = manifests.filter((m) => m.kind === kind && m.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!.doc as Obj;
}

const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o)) as Obj;
const label = (m: Manifest) => `${m.file}: ${m.kind} ${m.name}`;

describe('deploy/kubernetes manifests', () => {
  it('holds the objects a node-level deployment needs', () => {
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const k of ['DaemonSet', 'Service', 'ServiceMonitor', 'PrometheusRule', 'ScrapeConfig', 'ConfigMap'])
      expect(kinds, k).toContain(k);
  });

  for (const m of manifests) {
    it(`${label(m)} is valid against the published schema`, () => {
      expect(schemaErrors(m.doc)).toBeUndefined();
    });
  }

  it('the validator rejects broken objects (wrong type, missing required field, bad duration, bad enum)', () => {
    const ds = clone(one('DaemonSet', 'vigil'));
    ds['spec']['template']['spec']['hostPID'] = 'yes';
    expect(schemaErrors(ds)).toMatch(/hostPID must be boolean/);

    const noSelector = clone(one('DaemonSet', 'vigil'));
    delete noSelector['spec']['selector'];
    expect(schemaErrors(noSelector)).toMatch(/required property '?selector'?/);

    const sm = clone(one('ServiceMonitor', 'vigil'));
    sm['spec']['endpoints'][0]['interval'] = 'fifteen seconds';
    expect(schemaErrors(sm)).toMatch(/interval must match pattern/);

    const rule = clone(one('PrometheusRule', 'vigil-vigil'));
    delete rule['spec']['groups'][0]['rules'][0]['expr'];
    expect(schemaErrors(rule)).toMatch(/required property '?expr'?/);

    const svc = clone(one('Service', 'vigil'));
    svc['spec']['ports'][0]['protocol'] = 'TCPX';
    expect(schemaErrors(svc)).toMatch(/protocol must be equal to one of the allowed values/);
  });

  it("the DaemonSet sees the host: host PID and network, the host's trees read-only, named by the path flags", () => {
    const pod = one('DaemonSet', 'vigil')['spec']['template']['spec'] as Obj;
    expect(pod['hostPID']).toBe(true);
    expect(pod['hostNetwork']).toBe(true);
    const c = pod['containers'][0] as Obj;
    const mounts = new Map((c['volumeMounts'] as Obj[]).map((v) => [v['mountPath'], v]));
    const volumes = new Map((pod['volumes'] as Obj[]).map((v) => [v['name'], v]));
    for (const [flag, host, inContainer] of [
      ['procfs', '/proc', '/host/proc'],
      ['sysfs', '/sys', '/host/sys'],
      ['rootfs', '/', '/host/root'],
    ] as const) {
      expect(c['args'], flag).toContain(`--path.${flag}=${inContainer}`);
      const mount = mounts.get(inContainer)!;
      expect(mount?.['readOnly'], inContainer).toBe(true);
      expect(volumes.get(mount['name'])?.['hostPath']?.['path'], inContainer).toBe(host);
    }
    expect(c['args']).toContain('--config=/etc/vigil/vigil.yml');
  });

  it('runs non-root, read-only, with only the capabilities of the systemd unit, and with requests and limits', () => {
    const pod = one('DaemonSet', 'vigil')['spec']['template']['spec'] as Obj;
    expect(pod['securityContext']['runAsNonRoot']).toBe(true);
    expect(pod['securityContext']['runAsUser']).not.toBe(0);
    const c = pod['containers'][0] as Obj;
    expect(c['securityContext']['allowPrivilegeEscalation']).toBe(false);
    expect(c['securityContext']['readOnlyRootFilesystem']).toBe(true);
    expect(c['securityContext']['capabilities']['drop']).toEqual(['ALL']);
    const unitCaps = /^CapabilityBoundingSet=(.*)$/m
      .exec(readFileSync(UNIT, 'utf8'))![1]!
      .split(' ')
      .map((s) => s.replace(/^CAP_/, ''));
    expect([...c['securityContext']['capabilities']['add']].sort()).toEqual(unitCaps.sort());
    // The bench's figures: ~75-86 MB resident, a few ms of CPU a scrape.
    expect(c['resources']['requests']).toEqual({ cpu: '10m', memory: '96Mi' });
    expect(c['resources']['limits']).toEqual({ cpu: '250m', memory: '192Mi' });
  });

  it('the vigil configurations in the ConfigMaps load, and the ScrapeConfig scrapes exactly the configured probes', () => {
    const node = parseConfig(one('ConfigMap', 'vigil-config')['data']['vigil.yml'] as string, 'deploy/kubernetes/config.yaml');
    expect(node.listen).toBe('0.0.0.0:9469');
    expect(node.probes).toEqual([]);
    const probes = parseConfig(one('ConfigMap', 'vigil-probes-config')['data']['vigil.yml'] as string, 'deploy/kubernetes/probes.yaml');
    const sc = one('ScrapeConfig', 'vigil-probes')['spec'] as Obj;
    expect(sc['metricsPath']).toBe('/probe');
    expect(sc['jobName']).toBe('vigil');
    const targets = (sc['staticConfigs'] as Obj[]).flatMap((s) => s['targets'] as string[]).sort();
    expect(targets).toEqual((probes.probes as { name: string }[]).map((p) => p.name).sort());
    expect(sc['relabelings'][0]).toMatchObject({ sourceLabels: ['__address__'], targetLabel: '__param_name' });
  });

  it('the ServiceMonitor selects the Service by its labels and port, and the Service is named for job "vigil"', () => {
    const svc = one('Service', 'vigil');
    const sm = one('ServiceMonitor', 'vigil')['spec'] as Obj;
    expect(svc['metadata']['labels']).toMatchObject(sm['selector']['matchLabels']);
    expect((svc['spec']['ports'] as Obj[]).map((p) => p['name'])).toContain(sm['endpoints'][0]['port']);
    const pod = one('DaemonSet', 'vigil')['spec']['template'] as Obj;
    expect(pod['metadata']['labels']).toMatchObject(svc['spec']['selector']);
  });

  it('the PrometheusRule objects are what `vigil compile --format operator` writes today', () => {
    const r = run(process.execPath, [CLI, 'compile', '--format', 'operator', '--out', 'deploy/kubernetes', '--check'], { cwd: REPO });
    expect(r.code, `${r.stdout}${r.stderr}\nregenerate: node dist/cli.js compile --format operator --out deploy/kubernetes`).toBe(0);
    expect(manifests.filter((m) => m.kind === 'PrometheusRule').length).toBeGreaterThanOrEqual(5);
  });
});
