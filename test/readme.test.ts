import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compiler/pipeline.js';
import { isError } from '../src/compiler/report.js';
import { parseConfig } from '../src/config/load.js';
import { parseWebConfig } from '../src/web/load.js';
import { DiagnosticError } from '../src/yaml/diagnostic.js';

// The README's configuration examples are part of the front door: they must load.

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

function loads(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof DiagnosticError ? err.message : String(err);
  }
}

describe('README examples', () => {
  const configBlocks = blocks.filter(
    (b) => /^(listen|process_names|probes|logs|limits|collectors):/m.test(b) && !/^tls_server_config:/m.test(b),
  );
  it('has the configuration examples this test expects', () => {
    expect(configBlocks.length).toBeGreaterThanOrEqual(4);
  });
  for (const [i, block] of configBlocks.entries()) {
    it(`config example ${i + 1} (${block.split('\n').find((l) => /^\w/.test(l))}) is a valid vigil config`, () => {
      process.env['PGPASSWORD'] ??= 'x';
      process.env['REDIS_PASSWORD'] ??= 'x';
      expect(loads(() => parseConfig(block, `README.md#example-${i + 1}`))).toBe('ok');
    });
  }
  const ruleBlocks = blocks.filter((b) => /^version: 1$/m.test(b));
  it('has a rule file example, and it compiles without errors', () => {
    expect(ruleBlocks.length).toBeGreaterThanOrEqual(1);
    for (const [i, text] of ruleBlocks.entries()) {
      const result = compile([{ path: `rules/readme-${i + 1}.yaml`, text }]);
      expect(result.diagnostics.filter(isError).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      expect(result.outputs.get(`prometheus/rules/readme-${i + 1}.rules.yml`)).toContain('alert: HostCpuHigh');
    }
  });

  it('the web config example has the right shape (its files do not exist here)', () => {
    const web = blocks.find((b) => /^tls_server_config:/m.test(b))!;
    const message = loads(() => parseWebConfig(web, '/nonexistent/web.yml'));
    expect(message).not.toContain('web-config-schema');
    expect(message).not.toContain('web-config-bad-hash');
    expect(message).toContain('web-config-unreadable-file');
  });
});
