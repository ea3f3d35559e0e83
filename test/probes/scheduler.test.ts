import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbes } from '../../src/probes/config.js';
import { ProbeCollector } from '../../src/probes/runner.js';
import { ProbePool, type Batch } from '../../src/probes/scheduler.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { httpServer, sampleValue, silentServer, type Listening } from './support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Item {
  id: string;
  group: string;
  ms: number;
}

/** A batch of timed tasks that records what started and how many ran at once. */
function tracked(items: Item[], deadlineMs: number, signal?: AbortSignal) {
  const started: string[] = [];
  let now = 0;
  let most = 0;
  const batch: Batch<Item, string> = {
    items,
    deadline: Date.now() + deadlineMs,
    ...(signal ? { signal } : {}),
    group: (i) => i.group,
    run: async (i) => {
      started.push(i.id);
      most = Math.max(most, ++now);
      await sleep(i.ms);
      now--;
      return `ran ${i.id}`;
    },
    notRun: (i) => `skipped ${i.id}`,
  };
  return { batch, started, most: () => most };
}

const items = (group: string, n: number, ms: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `${group}${i}`, group, ms }));

describe('the probe pool', () => {
  it('never runs more than its limit at once and answers in input order', async () => {
    const pool = new ProbePool(4);
    const t = tracked([...items('a', 6, 20), ...items('b', 6, 20), ...items('c', 6, 20)], 5000);
    const results = await pool.runBatch(t.batch);
    expect(results).toEqual(t.batch.items.map((i) => `ran ${i.id}`));
    expect(t.most()).toBe(4);
    expect(pool.active).toBe(0);
  });

  it("holds one group to half the slots, so another group's runs start while it hangs", async () => {
    const pool = new ProbePool(4);
    const hung = tracked(items('hung', 6, 400), 5000);
    const running = pool.runBatch(hung.batch);
    await sleep(20);
    expect(hung.started).toEqual(['hung0', 'hung1']);
    const quick = tracked(items('quick', 3, 10), 5000);
    const startedAt = Date.now();
    expect(await pool.runBatch(quick.batch)).toEqual(['ran quick0', 'ran quick1', 'ran quick2']);
    expect(Date.now() - startedAt).toBeLessThan(300);
    expect(await running).toHaveLength(6);
  });

  it('gives a freed slot to the groups in turn, never to one at its cap', async () => {
    const pool = new ProbePool(2);
    // a0 and b0 take both slots (one each: the cap of a pool of 2). When a0 ends, b is at its
    // cap, and c, which has not had a turn yet, goes before a's second run.
    const t = tracked(
      [
        { id: 'a0', group: 'a', ms: 10 },
        { id: 'a1', group: 'a', ms: 10 },
        { id: 'b0', group: 'b', ms: 200 },
        { id: 'b1', group: 'b', ms: 10 },
        { id: 'c0', group: 'c', ms: 10 },
      ],
      5000,
    );
    await pool.runBatch(t.batch);
    expect(t.started.slice(0, 4)).toEqual(['a0', 'b0', 'c0', 'a1']);
  });

  it('reports what never got a slot as not run at the batch deadline, without running it', async () => {
    const pool = new ProbePool(2);
    const t = tracked(
      [...items('a', 2, 600), ...items('b', 3, 10)].map((i) => ({ ...i, group: 'x' + i.id })),
      200,
    );
    // Two runs of 600 ms fill the pool; the other three wait and are given up at 200 ms.
    const results = await pool.runBatch(t.batch);
    expect(results).toEqual(['ran a0', 'ran a1', 'skipped b0', 'skipped b1', 'skipped b2']);
    expect(t.started).toEqual(['a0', 'a1']);
  });

  it('settles waiting runs as not run when the batch is given up', async () => {
    const pool = new ProbePool(1);
    const abort = new AbortController();
    const t = tracked(items('a', 3, 100), 5000, abort.signal);
    setTimeout(() => abort.abort(), 20);
    expect(await pool.runBatch(t.batch)).toEqual(['ran a0', 'skipped a1', 'skipped a2']);
  });
});

describe('scheduling probes behind hung ones', () => {
  let ok: Listening<Server>;
  let silent: Listening[];

  beforeAll(async () => {
    ok = await httpServer((_req, res) => res.end('ok'));
    silent = await Promise.all(Array.from({ length: 64 }, () => silentServer()));
  });
  afterAll(async () => {
    await Promise.all([ok.close(), ...silent.map((s) => s.close())]);
  });

  const collector = (hungPorts: number[], prefix = 'hung') => {
    const { probes, problems } = parseProbes([
      ...hungPorts.map((port, i) => ({
        name: `${prefix}-${i}`,
        kind: 'tcp',
        host: '127.0.0.1',
        port,
        timeout: '1m',
        query_response: [{ expect: 'never' }],
      })),
      ...Array.from({ length: 10 }, (_, i) => ({ name: `ok-${i}`, kind: 'http', url: `${ok.url}/${i}` })),
    ]);
    expect(problems).toEqual([]);
    return new ProbeCollector(probes, { default_timeout_seconds: 10, timeout_offset_seconds: 0.5 });
  };
  const collect = (c: ProbeCollector) =>
    c.collect({ paths: FIXTURE_PATHS, signal: new AbortController().signal, deadline: Date.now() + 1500 });

  it('runs healthy probes listed after 64 hung ones of one target, in the same scrape', async () => {
    const families = await collect(collector(Array.from({ length: 64 }, () => silent[0]!.port)));
    for (let i = 0; i < 10; i++) {
      expect(sampleValue(families, 'probe_success', { probe: `ok-${i}` })).toBe(1);
      expect(sampleValue(families, 'vigil_probe_failure_info', { probe: `ok-${i}` })).toBeUndefined();
    }
    expect(sampleValue(families, 'vigil_probe_failure_info', { probe: 'hung-0', reason: 'timeout' })).toBe(1);
    // One target holds at most half the pool: the last of its 64 never got a slot.
    expect(sampleValue(families, 'vigil_probe_failure_info', { probe: 'hung-63', reason: 'not_run' })).toBe(1);
  });

  it('reports probes that never got a slot as not run, and runs them the next scrape once the hung ones are known', async () => {
    // Names of their own: the pool remembers the previous test's hung probes.
    const first = await collect(
      collector(
        silent.map((s) => s.port),
        'stuck',
      ),
    );
    for (let i = 0; i < 10; i++) {
      // Never ran: no verdict on the target (no probe_success, no duration), only the reason.
      expect(sampleValue(first, 'probe_success', { probe: `ok-${i}` })).toBeUndefined();
      expect(sampleValue(first, 'probe_duration_seconds', { probe: `ok-${i}` })).toBeUndefined();
      expect(sampleValue(first, 'vigil_probe_failure_info', { probe: `ok-${i}`, reason: 'not_run' })).toBe(1);
    }
    expect(sampleValue(first, 'vigil_probe_failure_info', { probe: 'stuck-0', reason: 'timeout' })).toBe(1);
    // The 64 that timed out now share one group, held to half the pool, in a new collector
    // too (a reload builds one).
    const second = await collect(
      collector(
        silent.map((s) => s.port),
        'stuck',
      ),
    );
    for (let i = 0; i < 10; i++) expect(sampleValue(second, 'probe_success', { probe: `ok-${i}` })).toBe(1);
    expect(sampleValue(second, 'probe_success', { probe: 'stuck-0' })).toBe(0);
  });
});
