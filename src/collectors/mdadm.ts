// /proc/mdstat, as drivers/md/md.c writes it: per array a line at column 0,
//   md1 : active raid5 sdd1[3](S) sdc1[2](F) sdb1[1] sda1[0]
// then indented lines: the size in 1 KiB blocks with, for redundant levels, [disks/in sync]
// and a U or _ per slot; an optional bitmap line; and while the array rebuilds, a progress
// line "recovery = 8.5% (166275968/1953423360) ..." (or resync, check; resync=PENDING
// before it starts).
import { gauge, type MetricFamily } from '../metrics/model.js';
import { procPath } from './paths.js';
import { readOptional } from './read.js';
import type { CollectorDefinition } from './types.js';

export interface MdArray {
  device: string;
  /** active, inactive, recovering, resyncing or checking, as node_exporter tells them */
  state: string;
  disksActive: number;
  disksFailed: number;
  disksSpare: number;
  disksRequired: number;
  blocks: number;
  blocksSynced: number;
}

const REDUNDANT = /^(raid1|raid4|raid5|raid6|raid10|multipath)$/;

function fail(device: string, what: string, line: string): never {
  throw new Error(`/proc/mdstat: ${device}: ${what}: ${JSON.stringify(line.trim().slice(0, 100))}`);
}

function parseArray(head: string, body: string[]): MdArray {
  const fields = head.trim().split(/\s+/);
  const device = fields[0]!;
  if (fields[1] !== ':' || (fields[2] !== 'active' && fields[2] !== 'inactive'))
    fail(device, 'expected "NAME : active|inactive ..."', head);
  const inactive = fields[2] === 'inactive';
  const personality = fields.slice(3).find((f) => !f.startsWith('(') && !f.includes('['));
  const disksFailed = (head.match(/\(F\)/g) ?? []).length;
  const disksSpare = (head.match(/\(S\)/g) ?? []).length;

  let blocks = 0;
  let disksRequired = 0;
  let disksActive = 0;
  const status = body[0];
  if (status !== undefined) {
    const size = /^\s*(\d+) blocks\b/.exec(status);
    if (!size) fail(device, 'expected the size in blocks', status);
    blocks = Number(size[1]);
    const slots = /\[(\d+)\/(\d+)\] \[[U_]+\]/.exec(status);
    if (slots) {
      disksRequired = Number(slots[1]);
      disksActive = Number(slots[2]);
    } else if (personality !== undefined && REDUNDANT.test(personality)) {
      fail(device, `a ${personality} status line without [disks/in sync] [U_]`, status);
    } else if (!inactive) {
      // raid0 and linear have no slots: every member named on the first line is in use.
      disksRequired = disksActive = (head.match(/\[\d+\]/g) ?? []).length;
    }
  } else if (!inactive) {
    fail(device, 'an active array without a status line', head);
  }

  let state = fields[2]!;
  let blocksSynced = blocks;
  const progress = body.slice(1).find((l) => /\b(recovery|resync|check)\b/.test(l));
  if (progress !== undefined) {
    state = /\brecovery\b/.test(progress) ? 'recovering' : /\bcheck\b/.test(progress) ? 'checking' : 'resyncing';
    if (/=\s*(PENDING|DELAYED)\b/.test(progress)) {
      blocksSynced = 0;
    } else {
      const done = /\((\d+)\/\d+\)/.exec(progress);
      if (!done) fail(device, 'a progress line without (done/total) blocks', progress);
      blocksSynced = Number(done[1]);
    }
  }
  return { device, state, disksActive, disksFailed, disksSpare, disksRequired, blocks, blocksSynced };
}

export function parseMdstat(text: string): MdArray[] {
  const arrays: MdArray[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || /^\s/.test(line) || line.startsWith('Personalities') || line.startsWith('unused devices')) continue;
    const body: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]!)) body.push(lines[++i]!);
    arrays.push(parseArray(line, body));
  }
  return arrays;
}

const STATES: [label: string, state: string][] = [
  ['active', 'active'],
  ['check', 'checking'],
  ['inactive', 'inactive'],
  ['recovering', 'recovering'],
  ['resync', 'resyncing'],
];

export function mdadmFamilies(arrays: MdArray[]): MetricFamily[] {
  const per = (pick: (a: MdArray) => number) => arrays.map((a) => ({ labels: { device: a.device }, value: pick(a) }));
  return [
    gauge(
      'node_md_blocks',
      'Total number of blocks on device.',
      per((a) => a.blocks),
    ),
    gauge(
      'node_md_blocks_synced',
      'Number of blocks synced on device.',
      per((a) => a.blocksSynced),
    ),
    gauge(
      'node_md_disks',
      'Number of active/failed/spare disks of device.',
      arrays.flatMap((a) => [
        { labels: { device: a.device, state: 'active' }, value: a.disksActive },
        { labels: { device: a.device, state: 'failed' }, value: a.disksFailed },
        { labels: { device: a.device, state: 'spare' }, value: a.disksSpare },
      ]),
    ),
    gauge(
      'node_md_disks_required',
      'Total number of disks of device.',
      per((a) => a.disksRequired),
    ),
    gauge(
      'node_md_state',
      'Indicates the state of md-device.',
      arrays.flatMap((a) =>
        STATES.map(([label, state]) => ({
          labels: { device: a.device, state: label },
          value: a.state === state ? 1 : 0,
        })),
      ),
    ),
  ];
}

export const mdadmCollector: CollectorDefinition = {
  name: 'mdadm',
  defaultEnabled: true,
  description: 'Software RAID arrays from /proc/mdstat (where the md driver is loaded)',
  create: ({ paths }) => ({
    name: 'mdadm',
    collect: () => {
      const text = readOptional(procPath(paths, 'mdstat'));
      return text === undefined ? [] : mdadmFamilies(parseMdstat(text));
    },
  }),
};
