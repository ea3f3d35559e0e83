// schema/rules.schema.json is written from src/compiler/schema.ts for editors; this keeps them
// equal (`UPDATE_GOLDEN=1 npx vitest run test/compiler/schema.test.ts` rewrites it) and checks
// that every shipped rule file points editors at it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRIENDLY_METRIC_NAMES } from '../../src/compiler/conventions.js';
import { rulesSchema } from '../../src/compiler/schema.js';
import { REPO, UPDATE } from './support.js';

describe('the rules JSON Schema', () => {
  const file = join(REPO, 'schema/rules.schema.json');

  it('is the schema the compiler validates with', () => {
    if (UPDATE) writeFileSync(file, JSON.stringify(rulesSchema, null, 2) + '\n');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(rulesSchema)));
  });

  it('offers every friendly metric for completion', () => {
    const text = readFileSync(file, 'utf8');
    for (const m of FRIENDLY_METRIC_NAMES) expect(text).toContain(`"${m}"`);
  });

  it('is named in the yaml-language-server header of every shipped rule file', () => {
    const files = readdirSync(join(REPO, 'rules')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files)
      expect(readFileSync(join(REPO, 'rules', f), 'utf8').split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../schema/rules.schema.json',
      );
  });
});
