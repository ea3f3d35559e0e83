import { afterEach, describe, expect, it } from 'vitest';
import { createProcessCollector } from '../../src/processes/collector.js';
import { context, groupsOf, scrape, value } from './helpers.js';
import { flock, settled, type Flock } from './spawn.js';

// A template keyed on the command line lets whoever starts processes name groups. Before the
// cap, 300 short-lived processes made 300 permanent groups; here 40 real processes try to make
// 40 groups against a cap of 10, then exit.
const N = 'namedprocess_namegroup_';

describe('groups minted by templates are bounded', () => {
  let f: Flock | undefined;
  afterEach(() => {
    f?.kill();
    f = undefined;
  });

  it('caps minted groups, counts the refusals once, drops them once empty for the TTL, and keeps fixed groups', async () => {
    f = flock();
    f.command('vigilcap');
    for (let i = 0; i < 40; i++) f.start('vigilcap', [String(100 + i)]);
    await settled(f.children);
    const collector = createProcessCollector({
      process_names: [
        { name: 'idle-fixed', comm: ['vigilnever'] },
        { name: 'cap-{{.Matches.n}}', cmdline: ['vigilcap (?P<n>\\d+)$'] },
      ],
      process_options: { max_groups: 10, empty_group_ttl_seconds: 1 },
    });
    const minted = (groups: string[]) => groups.filter((g) => g.startsWith('cap-'));
    const ctx = () => ({ ...context('/'), paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' } });

    const first = await scrape(collector, ctx());
    expect(minted(groupsOf(first))).toHaveLength(10);
    for (const g of minted(groupsOf(first))) expect(value(first, `${N}num_procs`, { groupname: g })).toBe(1);
    expect(value(first, `${N}num_procs`, { groupname: 'idle-fixed' })).toBe(0);
    expect(value(first, 'vigil_process_groups_refused_total', {})).toBe(30);

    // The same 30 refused again: not counted again.
    const second = await scrape(collector, ctx());
    expect(value(second, 'vigil_process_groups_refused_total', {})).toBe(30);
    expect(minted(groupsOf(second))).toEqual(minted(groupsOf(first)));

    await Promise.all(
      f.children.map(
        (c) =>
          new Promise((r) => {
            c.once('exit', r);
            c.kill('SIGKILL');
          }),
      ),
    );
    // Empty, but not yet for the TTL: still reported at 0.
    const emptied = await scrape(collector, ctx());
    expect(minted(groupsOf(emptied))).toHaveLength(10);
    for (const g of minted(groupsOf(emptied))) expect(value(emptied, `${N}num_procs`, { groupname: g })).toBe(0);

    await new Promise((r) => setTimeout(r, 1200));
    const later = await scrape(collector, ctx());
    expect(groupsOf(later)).toEqual(['idle-fixed']);
    expect(value(later, `${N}num_procs`, { groupname: 'idle-fixed' })).toBe(0);
  });
});
