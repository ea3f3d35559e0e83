// /sys/class/fc_host/<host> (drivers/scsi/scsi_transport_fc.c): per Fibre Channel HBA port its
// speed, state, type, names and timeouts, and in statistics/ its frame, word and error counts,
// which the kernel prints in hexadecimal. A counter the HBA's firmware does not keep reads as
// all ones (0xffffffffffffffff) and is left out, as node_exporter does.
import { counter, gauge, type MetricFamily } from '../metrics/model.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn, isNotAnswered } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

const INFO = [
  'speed',
  'port_state',
  'port_type',
  'port_id',
  'port_name',
  'fabric_name',
  'symbolic_name',
  'supported_classes',
  'supported_speeds',
  'dev_loss_tmo',
] as const;
/** Names the kernel writes as "0x…"; node_exporter serves them without the prefix. */
const HEX_NAMES = new Set(['port_id', 'port_name', 'fabric_name']);

/** [statistics file, metric, help] */
const COUNTERS: [file: string, metric: string, help: string][] = [
  ['dumped_frames', 'dumped_frames_total', 'Number of dumped frames'],
  ['error_frames', 'error_frames_total', 'Number of errors in frames'],
  ['invalid_crc_count', 'invalid_crc_total', 'Invalid Cyclic Redundancy Check count'],
  ['rx_frames', 'rx_frames_total', 'Number of frames received'],
  ['rx_words', 'rx_words_total', 'Number of words received by host port'],
  ['tx_frames', 'tx_frames_total', 'Number of frames transmitted by host port'],
  ['tx_words', 'tx_words_total', 'Number of words transmitted by host port'],
  ['seconds_since_last_reset', 'seconds_since_last_reset_total', 'Number of seconds since last host port reset'],
  ['invalid_tx_word_count', 'invalid_tx_words_total', 'Number of invalid words transmitted by host port'],
  ['link_failure_count', 'link_failure_total', 'Number of times the host port link has failed'],
  ['loss_of_sync_count', 'loss_of_sync_total', 'Number of failures on either bit or transmission word boundaries'],
  ['loss_of_signal_count', 'loss_of_signal_total', 'Number of times signal has been lost'],
  ['nos_count', 'nos_total', 'Number Not_Operational Primitive Sequence received by host port'],
  ['fcp_packet_aborts', 'fcp_packet_aborts_total', 'Number of aborted packets'],
];

export interface FcHost {
  host: string;
  /** The info attributes; one the driver does not expose is "". */
  info: Record<(typeof INFO)[number], string>;
  counters: Map<string, number>;
}

const NOT_KEPT = /^0x[fF]{16}$/;

export function readFibreChannel(root: string): FcHost[] {
  return listDir(root)
    .sort()
    .map((host) => {
      const dir = `${root}/${host}`;
      const info = Object.fromEntries(
        INFO.map((attr) => {
          const v = readTrimmed(`${dir}/${attr}`) ?? '';
          return [attr, HEX_NAMES.has(attr) && v.length > 2 ? v.slice(2) : v];
        }),
      ) as FcHost['info'];
      const counters = new Map<string, number>();
      const files = new Set(listDir(`${dir}/statistics`));
      for (const [file] of COUNTERS) {
        if (!files.has(file)) continue;
        let text: string | undefined;
        try {
          text = readTrimmed(`${dir}/statistics/${file}`);
        } catch (err) {
          // The driver answers this statistic with an error: it does not keep it.
          if (isNotAnswered(err)) continue;
          throw err;
        }
        if (text === undefined || NOT_KEPT.test(text)) continue;
        counters.set(file, integerIn(text, `fibrechannel ${host}/statistics/${file}`));
      }
      return { host, info, counters };
    });
}

export function fibreChannelFamilies(hosts: FcHost[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (hosts.length === 0) return [];
  return [
    gauge(
      'node_fibrechannel_info',
      'Non-numeric data from /sys/class/fc_host/<host>, value is always 1.',
      hosts.map((h) => ({ labels: { fc_host: h.host, ...h.info }, value: 1 })),
    ),
    ...COUNTERS.map(([file, metric, help]) =>
      counter(
        `node_fibrechannel_${metric}`,
        help,
        hosts.flatMap((h) => {
          const v = h.counters.get(file);
          return v === undefined ? [] : [{ labels: { fc_host: h.host }, value: v }];
        }),
      ),
    ),
  ].sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const fibreChannelCollector: CollectorDefinition = {
  name: 'fibrechannel',
  defaultEnabled: true,
  description:
    'Fibre Channel HBA ports: state, speed, names and frame and error counters from /sys/class/fc_host (where the host has them)',
  create: ({ paths }) => ({
    name: 'fibrechannel',
    collect: () => fibreChannelFamilies(readFibreChannel(sysPath(paths, 'class', 'fc_host'))),
  }),
};
