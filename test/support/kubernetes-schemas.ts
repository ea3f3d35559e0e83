import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import yaml from 'js-yaml';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ScrapeConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';

// Offline schema validation of Kubernetes manifests: kubernetes-models validates against the
// JSON schemas generated from Kubernetes' published OpenAPI spec, and
// @kubernetes-models/prometheus-operator against the operator's CRD schemas (types,
// required fields, enums, patterns). Like the API server's default, these schemas accept
// fields they do not know; the tests check the fields that matter by name.

type Validating = new (data: unknown) => { validate(): void };

const MODELS: Record<string, Validating> = {
  'v1/ConfigMap': ConfigMap as unknown as Validating,
  'v1/Service': Service as unknown as Validating,
  'apps/v1/DaemonSet': DaemonSet as unknown as Validating,
  'apps/v1/Deployment': Deployment as unknown as Validating,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as Validating,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as Validating,
  'monitoring.coreos.com/v1alpha1/ScrapeConfig': ScrapeConfig as unknown as Validating,
};

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  doc: Record<string, unknown>;
}

/** Every object of every YAML file under dir (recursively), in file order. */
export function loadManifests(dir: string): Manifest[] {
  const out: Manifest[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) {
        for (const doc of yaml.loadAll(readFileSync(full, 'utf8'))) {
          if (doc === null || doc === undefined) continue;
          const o = doc as Record<string, unknown> & { metadata?: { name?: string } };
          out.push({
            file: relative(dir, full),
            apiVersion: String(o['apiVersion']),
            kind: String(o['kind']),
            name: o.metadata?.name ?? '',
            doc: o,
          });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The schema's verdict on one object: undefined when valid, else the validator's message. */
export function schemaErrors(doc: Record<string, unknown>): string | undefined {
  const model = MODELS[`${String(doc['apiVersion'])}/${String(doc['kind'])}`];
  if (!model) return `no schema here for ${String(doc['apiVersion'])} ${String(doc['kind'])}`;
  try {
    new model(doc).validate();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
