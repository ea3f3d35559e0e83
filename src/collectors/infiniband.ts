// /sys/class/infiniband/<device> (Documentation/ABI/stable/sysfs-class-infiniband): per HCA its
// firmware, board and type, per port its state, physical state and rate, and the port's
// counters: the IBTA performance counters in counters/ (and counters_ext/ before Linux 4.5),
// and the driver's own in hw_counters/ (mlx5, since Linux 4.6). node_exporter's names.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { deviceFilter } from './device-filter.js';
import { sysPath } from './paths.js';
import { listDir, readTrimmed } from './read.js';
import { integerIn, isNotAnswered } from './sysfs-value.js';
import type { CollectorDefinition } from './types.js';

export interface InfinibandOptions {
  device_include?: string;
  device_exclude?: string;
}

/** [file, metric, help] */
type Counter = [file: string, metric: string, help: string];

const COUNTERS: Counter[] = [
  [
    'excessive_buffer_overrun_errors',
    'excessive_buffer_overrun_errors_total',
    'Number of times that OverrunErrors consecutive flow control update periods occurred, each having at least one overrun error.',
  ],
  ['link_downed', 'link_downed_total', 'Number of times the link failed to recover from an error state and went down'],
  ['link_error_recovery', 'link_error_recovery_total', 'Number of times the link successfully recovered from an error state'],
  [
    'local_link_integrity_errors',
    'local_link_integrity_errors_total',
    'Number of times that the count of local physical errors exceeded the threshold specified by LocalPhyErrors.',
  ],
  ['multicast_rcv_packets', 'multicast_packets_received_total', 'Number of multicast packets received (including errors)'],
  ['multicast_xmit_packets', 'multicast_packets_transmitted_total', 'Number of multicast packets transmitted (including errors)'],
  [
    'port_rcv_constraint_errors',
    'port_constraint_errors_received_total',
    'Number of packets received on the switch physical port that are discarded',
  ],
  [
    'port_xmit_constraint_errors',
    'port_constraint_errors_transmitted_total',
    'Number of packets not transmitted from the switch physical port',
  ],
  ['port_rcv_data', 'port_data_received_bytes_total', 'Number of data octets received on all links'],
  ['port_xmit_data', 'port_data_transmitted_bytes_total', 'Number of data octets transmitted on all links'],
  [
    'port_rcv_discards',
    'port_discards_received_total',
    'Number of inbound packets discarded by the port because the port is down or congested',
  ],
  [
    'port_xmit_discards',
    'port_discards_transmitted_total',
    'Number of outbound packets discarded by the port because the port is down or congested',
  ],
  ['port_rcv_errors', 'port_errors_received_total', 'Number of packets containing an error that were received on this port'],
  ['port_rcv_packets', 'port_packets_received_total', 'Number of packets received on all VLs by this port (including errors)'],
  ['port_xmit_packets', 'port_packets_transmitted_total', 'Number of packets transmitted on all VLs from this port (including errors)'],
  [
    'port_xmit_wait',
    'port_transmit_wait_total',
    'Number of ticks during which the port had data to transmit but no data was sent during the entire tick',
  ],
  ['unicast_rcv_packets', 'unicast_packets_received_total', 'Number of unicast packets received (including errors)'],
  ['unicast_xmit_packets', 'unicast_packets_transmitted_total', 'Number of unicast packets transmitted (including errors)'],
  [
    'port_rcv_remote_physical_errors',
    'port_receive_remote_physical_errors_total',
    'Number of packets marked with the EBP (End of Bad Packet) delimiter received on the port.',
  ],
  [
    'port_rcv_switch_relay_errors',
    'port_receive_switch_relay_errors_total',
    'Number of packets that could not be forwarded by the switch.',
  ],
  ['symbol_error', 'symbol_error_total', 'Number of minor link errors detected on one or more physical lanes.'],
  ['VL15_dropped', 'vl15_dropped_total', 'Number of incoming VL15 packets dropped due to resource limitations.'],
];

// The 64-bit counters of kernels before 4.5, which kept them apart from the 32-bit ones.
const COUNTERS_EXT: Counter[] = [
  ['port_multicast_rcv_packets', 'legacy_multicast_packets_received_total', 'Number of multicast packets received'],
  ['port_multicast_xmit_packets', 'legacy_multicast_packets_transmitted_total', 'Number of multicast packets transmitted'],
  ['port_rcv_data_64', 'legacy_data_received_bytes_total', 'Number of data octets received on all links'],
  ['port_rcv_packets_64', 'legacy_packets_received_total', 'Number of data packets received on all links'],
  ['port_unicast_rcv_packets', 'legacy_unicast_packets_received_total', 'Number of unicast packets received'],
  ['port_unicast_xmit_packets', 'legacy_unicast_packets_transmitted_total', 'Number of unicast packets transmitted'],
  ['port_xmit_data_64', 'legacy_data_transmitted_bytes_total', 'Number of data octets transmitted on all links'],
  ['port_xmit_packets_64', 'legacy_packets_transmitted_total', 'Number of data packets received on all links'],
];

// The data counters count 4-byte words (IBTA PortXmitData/PortRcvData), so bytes are 4 times them.
const WORDS = new Set(['port_rcv_data', 'port_xmit_data', 'port_rcv_data_64', 'port_xmit_data_64']);

const HW_COUNTERS: Counter[] = [
  [
    'duplicate_request',
    'duplicate_requests_packets_total',
    'The number of received packets. A duplicate request is a request that had been previously executed.',
  ],
  [
    'implied_nak_seq_err',
    'implied_nak_seq_errors_total',
    'The number of time the requested decided an ACK. with a PSN larger than the expected PSN for an RDMA read or response.',
  ],
  [
    'local_ack_timeout_err',
    'local_ack_timeout_errors_total',
    "The number of times QP's ack timer expired for RC, XRC, DCT QPs at the sender side. The QP retry limit was not exceed, therefore it is still recoverable error.",
  ],
  [
    'np_cnp_sent',
    'np_cnp_packets_sent_total',
    'The number of CNP packets sent by the Notification Point when it noticed congestion experienced in the RoCEv2 IP header (ECN bits). The counters was added in MLNX_OFED 4.1',
  ],
  [
    'np_ecn_marked_roce_packets',
    'np_ecn_marked_roce_packets_received_total',
    "The number of RoCEv2 packets received by the notification point which were marked for experiencing the congestion (ECN bits where '11' on the ingress RoCE traffic) . The counters was added in MLNX_OFED 4.1",
  ],
  ['out_of_buffer', 'out_of_buffer_drops_total', 'The number of drops occurred due to lack of WQE for the associated QPs.'],
  ['out_of_sequence', 'out_of_sequence_packets_received_total', 'The number of out of sequence packets received.'],
  [
    'packet_seq_err',
    'packet_sequence_errors_total',
    'The number of received NAK sequence error packets. The QP retry limit was not exceeded.',
  ],
  [
    'req_cqe_error',
    'req_cqes_errors_total',
    'The number of times requester detected CQEs completed with errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'req_cqe_flush_error',
    'req_cqes_flush_errors_total',
    'The number of times requester detected CQEs completed with flushed errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'req_remote_access_errors',
    'req_remote_access_errors_total',
    'The number of times requester detected remote access errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'req_remote_invalid_request',
    'req_remote_invalid_request_errors_total',
    'The number of times requester detected remote invalid request errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'resp_cqe_error',
    'resp_cqes_errors_total',
    'The number of times responder detected CQEs completed with errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'resp_cqe_flush_error',
    'resp_cqes_flush_errors_total',
    'The number of times responder detected CQEs completed with flushed errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'resp_local_length_error',
    'resp_local_length_errors_total',
    'The number of times responder detected local length errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'resp_remote_access_errors',
    'resp_remote_access_errors_total',
    'The number of times responder detected remote access errors. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'rnr_nak_retry_err',
    'rnr_nak_retry_packets_received_total',
    'The number of received RNR NAK packets. The QP retry limit was not exceeded.',
  ],
  [
    'roce_adp_retrans',
    'roce_adp_retransmits_total',
    'The number of adaptive retransmissions for RoCE traffic. The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0',
  ],
  [
    'roce_adp_retrans_to',
    'roce_adp_retransmits_timeout_total',
    'The number of times RoCE traffic reached timeout due to adaptive retransmission. The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0',
  ],
  [
    'roce_slow_restart',
    'roce_slow_restart_used_total',
    'The number of times RoCE slow restart was used. The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0',
  ],
  [
    'roce_slow_restart_cnps',
    'roce_slow_restart_cnps_total',
    'The number of times RoCE slow restart generated CNP packets. The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0',
  ],
  [
    'roce_slow_restart_trans',
    'roce_slow_restart_total',
    'The number of times RoCE slow restart changed state to slow restart. The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0',
  ],
  [
    'rp_cnp_handled',
    'rp_cnp_packets_handled_total',
    'The number of CNP packets handled by the Reaction Point HCA to throttle the transmission rate. The counters was added in MLNX_OFED 4.1',
  ],
  [
    'rp_cnp_ignored',
    'rp_cnp_ignored_packets_received_total',
    'The number of CNP packets received and ignored by the Reaction Point HCA. This counter should not raise if RoCE Congestion Control was enabled in the network. If this counter raise, verify that ECN was enabled on the adapter.',
  ],
  ['rx_atomic_requests', 'rx_atomic_requests_total', 'The number of received ATOMIC request for the associated QPs.'],
  ['rx_dct_connect', 'rx_dct_connect_requests_total', 'The number of received connection requests for the associated DCTs.'],
  ['rx_read_requests', 'rx_read_requests_total', 'The number of received READ requests for the associated QPs.'],
  ['rx_write_requests', 'rx_write_requests_total', 'The number of received WRITE requests for the associated QPs.'],
  [
    'rx_icrc_encapsulated',
    'rx_icrc_encapsulated_errors_total',
    'The number of RoCE packets with ICRC errors. This counter was added in MLNX_OFED 4.4 and kernel 4.19',
  ],
];

export interface InfinibandPort {
  port: string;
  stateId: number;
  physStateId: number;
  rateBytes: number;
  /** counters/, counters_ext/ and hw_counters/ file name → value, for the files that answered. */
  counters: Map<string, number>;
}

export interface InfinibandDevice {
  device: string;
  boardId: string;
  firmwareVersion: string;
  hcaType: string;
  ports: InfinibandPort[];
}

/** state and phys_state: "4: ACTIVE", "5: LinkUp". The number is served. */
export function parseStateId(text: string, where: string): number {
  const m = /^\s*(\d+)\s*:[^:]*$/.exec(text.trim());
  if (!m) throw new Error(`${where} holds ${JSON.stringify(text.trim().slice(0, 40))}, not "ID: NAME"`);
  return Number(m[1]);
}

/**
 * rate: "100 Gb/sec (4X EDR)", "2.5 Gb/sec (1X SDR)", in bytes per second. node_exporter reads
 * the number as a 32-bit float before multiplying; Math.fround keeps the same result.
 */
export function parseRate(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?) /.exec(text);
  if (!m) throw new Error(`${where} holds ${JSON.stringify(text.trim().slice(0, 40))}, not "N Gb/sec (...)"`);
  return Math.trunc(Math.fround(Number(m[1])) * 125_000_000);
}

/**
 * One counter file: a number (decimal or 0x hex), or undefined where the counter is not there
 * now: the driver refuses the read, or the port has no performance agent ("N/A (no PMA)").
 */
function readCounter(path: string, where: string): number | undefined {
  let text: string | undefined;
  try {
    text = readTrimmed(path);
  } catch (err) {
    if (isNotAnswered(err) || (err as NodeJS.ErrnoException).code === 'EACCES') return undefined;
    throw err;
  }
  if (text === undefined || text.includes('N/A (no PMA)')) return undefined;
  return integerIn(text, where);
}

function readCounterDir(dir: string, known: Counter[], where: string, into: Map<string, number>): void {
  const files = new Set(listDir(dir));
  for (const [file] of known) {
    if (!files.has(file)) continue;
    const v = readCounter(`${dir}/${file}`, `${where}/${file}`);
    if (v !== undefined) into.set(file, WORDS.has(file) ? v * 4 : v);
  }
}

function required(path: string, where: string): string {
  const t = readTrimmed(path);
  if (t === undefined) throw new Error(`${where} is missing`);
  return t;
}

export function readInfiniband(root: string, keep: (device: string) => boolean): InfinibandDevice[] {
  return listDir(root)
    .sort()
    .filter(keep)
    .map((device) => {
      const dir = `${root}/${device}`;
      if (!listDir(dir).includes('ports')) throw new Error(`infiniband ${device} has no ports directory`);
      return {
        device,
        // fw_ver is there for every driver since Linux 4.10; board_id and hca_type not for all.
        firmwareVersion: required(`${dir}/fw_ver`, `infiniband ${device}/fw_ver`),
        boardId: readTrimmed(`${dir}/board_id`) ?? '',
        hcaType: readTrimmed(`${dir}/hca_type`) ?? '',
        ports: listDir(`${dir}/ports`)
          .sort((a, b) => Number(a) - Number(b))
          .map((port) => {
            if (!/^\d+$/.test(port)) throw new Error(`infiniband ${device}/ports/${port} is not a port number`);
            const pdir = `${dir}/ports/${port}`;
            const where = `infiniband ${device}/ports/${port}`;
            const counters = new Map<string, number>();
            readCounterDir(`${pdir}/counters`, COUNTERS, `${where}/counters`, counters);
            readCounterDir(`${pdir}/counters_ext`, COUNTERS_EXT, `${where}/counters_ext`, counters);
            readCounterDir(`${pdir}/hw_counters`, [...HW_COUNTERS, ['lifespan', '', '']], `${where}/hw_counters`, counters);
            return {
              port: String(Number(port)),
              stateId: parseStateId(required(`${pdir}/state`, `${where}/state`), `${where}/state`),
              physStateId: parseStateId(required(`${pdir}/phys_state`, `${where}/phys_state`), `${where}/phys_state`),
              rateBytes: parseRate(required(`${pdir}/rate`, `${where}/rate`), `${where}/rate`),
              counters,
            };
          }),
      };
    });
}

export function infinibandFamilies(devices: InfinibandDevice[]): MetricFamily[] {
  // A host without the hardware builds no empty families: every scrape would pay for them.
  if (devices.length === 0) return [];
  const perPort = (value: (p: InfinibandPort) => number | undefined): Sample[] =>
    devices.flatMap((d) =>
      d.ports.flatMap((p) => {
        const v = value(p);
        return v === undefined ? [] : [{ labels: { device: d.device, port: p.port }, value: v }];
      }),
    );
  const fams: MetricFamily[] = [
    gauge(
      'node_infiniband_info',
      'Non-numeric data from /sys/class/infiniband/<device>, value is always 1.',
      devices.map((d) => ({
        labels: { board_id: d.boardId, device: d.device, firmware_version: d.firmwareVersion, hca_type: d.hcaType },
        value: 1,
      })),
    ),
    gauge(
      'node_infiniband_state_id',
      'State of the InfiniBand port (0: no change, 1: down, 2: init, 3: armed, 4: active, 5: act defer)',
      perPort((p) => p.stateId),
    ),
    gauge(
      'node_infiniband_physical_state_id',
      'Physical state of the InfiniBand port (0: no change, 1: sleep, 2: polling, 3: disable, 4: shift, 5: link up, 6: link error recover, 7: phytest)',
      perPort((p) => p.physStateId),
    ),
    gauge(
      'node_infiniband_rate_bytes_per_second',
      'Maximum signal transfer rate',
      perPort((p) => p.rateBytes),
    ),
    // lifespan is in milliseconds; node_exporter divides in integers, so 10 ms is served as 0 s.
    gauge(
      'node_infiniband_lifespan_seconds',
      'The maximum period in ms which defines the aging of the counter reads. Two consecutive reads within this period might return the same values.',
      perPort((p) => {
        const v = p.counters.get('lifespan');
        return v === undefined ? undefined : Math.floor(v / 1000);
      }),
    ),
  ];
  for (const [file, metric, help] of [...COUNTERS, ...COUNTERS_EXT, ...HW_COUNTERS]) {
    fams.push(
      counter(
        `node_infiniband_${metric}`,
        help,
        perPort((p) => p.counters.get(file)),
      ),
    );
  }
  return fams.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const infinibandCollector: CollectorDefinition<InfinibandOptions> = {
  name: 'infiniband',
  defaultEnabled: true,
  description: 'InfiniBand and RoCE adapters: port state, rate and counters from /sys/class/infiniband (where the host has them)',
  create: ({ options, paths }) => {
    const keep = deviceFilter('infiniband', options?.device_include, options?.device_exclude, undefined);
    return { name: 'infiniband', collect: () => infinibandFamilies(readInfiniband(sysPath(paths, 'class', 'infiniband'), keep)) };
  },
};
