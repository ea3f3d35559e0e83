// One YAML style for every generated file: no line folding (PromQL stays on one line, greppable),
// no anchors, double quotes where quoting is needed.
import yaml from 'js-yaml';

export function dumpYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', sortKeys: false });
}
