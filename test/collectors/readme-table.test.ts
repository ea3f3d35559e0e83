import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOST_COLLECTORS } from '../../src/collectors/index.js';
import { collectorOptionSchemas } from '../../src/collectors/schema.js';

// README's table of host collectors is where a user looks up what a collector reads and
// whether it is on: it must list every collector of the table in src/collectors/index.ts,
// once, with its default, and name no collector that does not exist.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Host collectors'), readme.indexOf('\n## Configuration'));
/** The rows "| name | on / **off** | source | metrics |" of the table, in order. */
const rows = [...section.matchAll(/^\| ([a-z_]+) \| (on|\*\*off\*\*) \| ([^|]+) \|/gm)].map((m) => ({
  name: m[1]!,
  on: m[2] === 'on',
  source: m[3]!.trim(),
}));

describe("README's collector table", () => {
  it('lists every host collector once, and no other', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(HOST_COLLECTORS.map((c) => c.name).sort());
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it('gives each collector its default and a source', () => {
    for (const c of HOST_COLLECTORS) {
      const row = rows.find((r) => r.name === c.name);
      expect(row?.on, `${c.name} default`).toBe(c.defaultEnabled);
      expect(row?.source, `${c.name} source`).not.toBe('');
    }
  });

  it('matches the collectors the config file can turn on and off', () => {
    // A collector without its entry under `collectors:` could not be turned off in the file.
    expect(Object.keys(collectorOptionSchemas).sort()).toEqual(HOST_COLLECTORS.map((c) => c.name).sort());
  });
});
