// Model → PrometheusRule object for the Prometheus Operator (`vigil compile --format operator`):
// the same groups as the rule file, wrapped in the custom resource.
import { generatedHeader } from './conventions.js';
import { ruleGroups } from './emit-rules.js';
import type { RuleFileModel } from './model.js';
import { dumpYaml } from './yaml-out.js';

export function renderOperator(model: RuleFileModel): string {
  const object = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `vigil-${model.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`,
      labels: { 'app.kubernetes.io/part-of': 'vigil', 'app.kubernetes.io/managed-by': 'vigil-compile' },
    },
    spec: { groups: ruleGroups(model) },
  };
  return generatedHeader(model.source, 'PrometheusRule for the Prometheus Operator') + dumpYaml(object);
}
