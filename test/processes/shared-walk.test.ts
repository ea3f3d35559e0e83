import { describe, expect, it } from 'vitest';
import { createProcessCollector } from '../../src/processes/collector.js';
import { renderText } from '../../src/metrics/exposition.js';
import { context, FIXTURE } from './helpers.js';

// Two scrapes at once share one walk of the process table, but only a walk that may run as
// long as the caller's own: a scrape sent with a tiny timeout must not fail a patient one.
describe('concurrent collections of process groups', () => {
  const collector = () =>
    createProcessCollector({
      process_names: [{ name: '{{.Comm}}', cmdline: ['.+'] }],
      // A pause before every process, so the walk looks at its deadline from the first one on.
      process_options: { slice_ms: 0 },
    });

  it("does not hand a walk cut short by another scrape's deadline to a scrape with time left", async () => {
    const c = collector();
    const short = Promise.resolve(c.collect(context(FIXTURE, { deadline: Date.now() - 1 })));
    const long = Promise.resolve(c.collect(context(FIXTURE)));
    await expect(short).rejects.toThrow(/deadline passed/);
    const text = renderText(await long);
    expect(text).toMatch(/^namedprocess_namegroup_num_procs\{groupname="[^"]+"\} [1-9]/m);
  });

  it('still shares one walk between scrapes whose deadlines it covers', async () => {
    const c = collector();
    const first = Promise.resolve(c.collect(context(FIXTURE)));
    const second = Promise.resolve(c.collect(context(FIXTURE, { deadline: Date.now() + 1000 })));
    expect(await second).toBe(await first);
  });
});
