// The compile benchmark runs end to end: 1,000 generated alert definitions across 20 files
// compile, and promtool accepts the output. Its timings are printed by `npm run bench --
// compile`, not asserted here: a shared 2-core machine makes timed tests flaky.
import { describe, expect, it } from 'vitest';
import { benchCompile } from '../../src/bench/compile.js';

describe('the compile benchmark', () => {
  it('compiles 1,000 alerts across 20 files, and promtool accepts what it wrote', async () => {
    const report = await benchCompile();
    expect(report).toContain('1000 alert definitions');
    expect(report).toMatch(/promtool check rules over the output: \d+ ms \(passed\)/);
  }, 60_000);
});
