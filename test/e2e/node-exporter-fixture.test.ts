import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type Daemon } from '../support/daemon.js';
import { parseExposition, seriesKey, type ParsedFamily } from '../support/exposition-parse.js';
import { FIXTURE_PATHS } from '../support/host-fixture.js';
import { freePort } from '../support/ports.js';
import { tool } from '../support/tools.js';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

// The collectors of what this test host lacks (bcache, DMI, Fibre Channel, InfiniBand, IPVS, SCSI tape, ZFS), run by Debian's
// node_exporter and by vigil over the same fixture tree: every family and series node_exporter
// serves must be vigil's, with the same type, HELP, labels and value. This host cannot
// cross-check them the way test/e2e/node-exporter.test.ts does the others.

const COLLECTORS = ['bcache', 'dmi', 'fibrechannel', 'infiniband', 'ipvs', 'tapestats', 'zfs'];
const PREFIX = /^node_(bcache|dmi|fibrechannel|infiniband|ipvs|tape|zfs)_/;

// What vigil serves from the fixture and Debian's node_exporter (1.5) does not: what later
// node_exporter releases added, each with the release and the reason.
const NEWER: [pattern: RegExp, why: string][] = [
  [
    /^node_infiniband_(duplicate_requests_packets|implied_nak_seq_errors|local_ack_timeout_errors|np_cnp_packets_sent|np_ecn_marked_roce_packets_received|out_of_buffer_drops|out_of_sequence_packets_received|packet_sequence_errors|req_cqes_errors|req_cqes_flush_errors|req_remote_access_errors|req_remote_invalid_request_errors|resp_cqes_errors|resp_cqes_flush_errors|resp_local_length_errors|resp_remote_access_errors|rnr_nak_retry_packets_received|roce_adp_retransmits|roce_adp_retransmits_timeout|roce_slow_restart_cnps|roce_slow_restart|roce_slow_restart_used|rp_cnp_ignored_packets_received|rp_cnp_packets_handled|rx_atomic_requests|rx_dct_connect_requests|rx_icrc_encapsulated_errors|rx_read_requests|rx_write_requests)_total$/,
    "the port's hw_counters/ (mlx5), read since node_exporter 1.11",
  ],
  [/^node_infiniband_lifespan_seconds$/, 'hw_counters/lifespan, since node_exporter 1.11'],
  [/^node_zfs_dbuf_/, 'dbufstats: node_exporter 1.5 looks for "dbuf_stats", which OpenZFS does not write; fixed in 1.6'],
  [/^node_zfs_arc_memory_available_bytes$/, 'an int64 kstat (it can go below 0); node_exporter serves those since 1.6'],
];
// Series of shared families that only vigil serves.
const NEWER_SERIES: [family: string, labels: Record<string, string>, why: string][] = [
  ['node_zfs_zpool_state', { state: 'suspended', zpool: 'pool1' }, 'the "suspended" pool state, since node_exporter 1.6'],
  ['node_zfs_zpool_state', { state: 'suspended', zpool: 'poolz1' }, 'as above'],
];

function helps(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# HELP (\S+) (.*)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

const ne = tool('prometheus-node-exporter', 'prometheus-node-exporter');

describe.skipIf(ne.missing)('the collectors of what this host lacks, on the fixture tree, against node_exporter', () => {
  let daemon: Daemon;
  let vigil: VigilProcess;
  let dir: string;
  let ours: Map<string, ParsedFamily>;
  let theirs: Map<string, ParsedFamily>;
  let ourHelp: Map<string, string>;
  let theirHelp: Map<string, string>;

  beforeAll(async () => {
    const roots = [`--path.procfs=${FIXTURE_PATHS.procfs}`, `--path.sysfs=${FIXTURE_PATHS.sysfs}`, `--path.rootfs=${FIXTURE_PATHS.rootfs}`];
    const only = ['--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`)];
    const port = await freePort();
    daemon = await startDaemon(
      'node_exporter',
      ne.path!,
      [...only, '--collector.bcache.priorityStats', ...roots, `--web.listen-address=127.0.0.1:${port}`],
      `http://127.0.0.1:${port}/metrics`,
    );
    dir = mkdtempSync(join(tmpdir(), 'vigil-ne-fixture-'));
    writeFileSync(join(dir, 'vigil.yml'), 'collectors:\n  bcache: { priority_stats: true }\n');
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), ...only, ...roots]);
    const [a, b] = await Promise.all([
      fetch(`${vigil.url}/metrics`).then((r) => r.text()),
      fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()),
    ]);
    ours = parseExposition(a);
    theirs = parseExposition(b);
    ourHelp = helps(a);
    theirHelp = helps(b);
  }, 60_000);
  afterAll(async () => {
    await vigil?.stop();
    await daemon?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('both read every collector from the fixture', () => {
    for (const f of [ours, theirs]) {
      const success = new Map(f.get('node_scrape_collector_success')!.series.map((s) => [s.labels['collector'], s.value]));
      for (const c of COLLECTORS) expect(success.get(c), c).toBe(1);
    }
    // Each serves all its families from the fixture, so the comparison below covers them all.
    const FAMILIES: Record<string, number> = { bcache: 28, dmi: 1, fibrechannel: 14, infiniband: 33, ipvs: 8, tape: 10, zfs: 196 };
    for (const [prefix, n] of Object.entries(FAMILIES)) {
      expect([...theirs.keys()].filter((name) => name.startsWith(`node_${prefix}_`)).length, prefix).toBeGreaterThanOrEqual(n);
    }
  });

  it("vigil serves every family node_exporter serves, and only later releases' families besides", () => {
    const theirNames = [...theirs.keys()].filter((n) => PREFIX.test(n));
    const ourNames = [...ours.keys()].filter((n) => PREFIX.test(n));
    expect(theirNames.filter((n) => !ours.has(n))).toEqual([]);
    const extra = ourNames.filter((n) => !theirs.has(n));
    expect(extra.filter((n) => !NEWER.some(([p]) => p.test(n)))).toEqual([]);
    // Every listed difference is still one (a stale entry would hide nothing but mislead).
    for (const [p, why] of NEWER)
      expect(
        extra.some((n) => p.test(n)),
        why,
      ).toBe(true);
  });

  it('agrees on type, HELP, label sets and values of every shared family', () => {
    for (const name of [...theirs.keys()].filter((n) => PREFIX.test(n))) {
      const a = ours.get(name)!;
      const b = theirs.get(name)!;
      expect(a.type, `${name} type`).toBe(b.type);
      expect(ourHelp.get(name), `${name} HELP`).toBe(theirHelp.get(name));
      const ourValues = new Map(a.series.map((s) => [seriesKey(s.labels), s.value]));
      const newer = NEWER_SERIES.filter(([f]) => f === name).map(([, l]) => seriesKey(l));
      expect([...ourValues.keys()].filter((k) => !newer.includes(k)).sort(), `${name} series`).toEqual(
        b.series.map((s) => seriesKey(s.labels)).sort(),
      );
      for (const s of b.series) expect(ourValues.get(seriesKey(s.labels)), `${name}{${seriesKey(s.labels)}}`).toBe(s.value);
    }
    for (const [family, labels, why] of NEWER_SERIES)
      expect(
        ours.get(family)?.series.some((s) => seriesKey(s.labels) === seriesKey(labels)),
        why,
      ).toBe(true);
  });
});

describe.skipIf(ne.missing)('ipvs with fewer backend labels, against node_exporter', () => {
  it('sums the same real servers into the same series', async () => {
    const roots = [`--path.procfs=${FIXTURE_PATHS.procfs}`, `--path.sysfs=${FIXTURE_PATHS.sysfs}`, `--path.rootfs=${FIXTURE_PATHS.rootfs}`];
    const port = await freePort();
    const daemon = await startDaemon(
      'node_exporter',
      ne.path!,
      [
        '--collector.disable-defaults',
        '--collector.ipvs',
        '--collector.ipvs.backend-labels=proto,local_port',
        ...roots,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      `http://127.0.0.1:${port}/metrics`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'vigil-ne-ipvs-'));
    writeFileSync(join(dir, 'vigil.yml'), 'collectors:\n  ipvs: { backend_labels: [proto, local_port] }\n');
    const vigil = await startVigilProcess([
      '--config',
      join(dir, 'vigil.yml'),
      '--collector.disable-defaults',
      '--collector.ipvs',
      ...roots,
    ]);
    try {
      const [a, b] = await Promise.all([
        fetch(`${vigil.url}/metrics`).then((r) => r.text()),
        fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()),
      ]);
      const ours = parseExposition(a);
      const theirs = parseExposition(b);
      for (const name of ['node_ipvs_backend_connections_active', 'node_ipvs_backend_connections_inactive', 'node_ipvs_backend_weight']) {
        const values = (f: Map<string, ParsedFamily>) => new Map(f.get(name)!.series.map((s) => [seriesKey(s.labels), s.value]));
        expect(values(theirs).size, name).toBe(4);
        expect([...values(ours)].sort(), name).toEqual([...values(theirs)].sort());
      }
    } finally {
      await vigil.stop();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
