import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const RULES_DIR = fileURLToPath(new URL('../../prometheus/rules', import.meta.url));

/**
 * The shipped compiled rule files (prometheus/rules/*.rules.yml), name → text, expressions
 * untouched, with every `for` cut to `forDuration` so an end-to-end test sees alerts fire
 * within seconds. Keep it above the scrape interval: one slow scrape on a loaded machine
 * must not make a live host "down".
 */
export function shippedRulesWithFor(forDuration: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(RULES_DIR).filter((n) => n.endsWith('.rules.yml'))) {
    const doc = yaml.load(readFileSync(join(RULES_DIR, name), 'utf8')) as { groups: { rules: Record<string, unknown>[] }[] };
    for (const g of doc.groups) for (const r of g.rules) if ('for' in r) r['for'] = forDuration;
    out[name] = yaml.dump(doc);
  }
  return out;
}
