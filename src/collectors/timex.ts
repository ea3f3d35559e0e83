// node_exporter's timex collector: adjtimex(2)'s answer (adjtimex.ts) in seconds and ratios, so an
// unsynchronised clock or a growing offset can be alerted on.
import { counter, gauge, type MetricFamily } from '../metrics/model.js';
import { readTimex, type Timex } from './adjtimex.js';
import type { CollectorDefinition } from './types.js';

const TIME_ERROR = 5; // adjtimex's answer while the clock is not synchronised
const STA_NANO = 0x2000; // offset and jitter are in nanoseconds, not microseconds
const PPM16 = 1e6 * 65536; // frequencies are parts per million with a 16-bit fraction

export function timexFamilies(t: Timex): MetricFamily[] {
  const div = t.status & STA_NANO ? 1e9 : 1e6;
  const g = (name: string, help: string, value: number) => gauge(`node_timex_${name}`, help, [{ value }]);
  const c = (name: string, help: string, value: number) => counter(`node_timex_${name}`, help, [{ value }]);
  return [
    g('estimated_error_seconds', 'Estimated error in seconds.', t.esterror / 1e6),
    g('frequency_adjustment_ratio', 'Local clock frequency adjustment.', 1 + t.freq / PPM16),
    g('loop_time_constant', 'Phase-locked loop time constant.', t.constant),
    g('maxerror_seconds', 'Maximum error in seconds.', t.maxerror / 1e6),
    g('offset_seconds', 'Time offset in between local system and reference clock.', t.offset / div),
    c('pps_calibration_total', 'Pulse per second count of calibration intervals.', t.calcnt),
    c('pps_error_total', 'Pulse per second count of calibration errors.', t.errcnt),
    g('pps_frequency_hertz', 'Pulse per second frequency.', t.ppsfreq / PPM16),
    g('pps_jitter_seconds', 'Pulse per second jitter.', t.jitter / div),
    c('pps_jitter_total', 'Pulse per second count of jitter limit exceeded events.', t.jitcnt),
    g('pps_shift_seconds', 'Pulse per second interval duration.', t.shift),
    c('pps_stability_exceeded_total', 'Pulse per second count of stability limit exceeded events.', t.stbcnt),
    g('pps_stability_hertz', 'Pulse per second stability, average of recent frequency changes.', t.stabil / PPM16),
    g('status', 'Value of the status array bits.', t.status),
    g('sync_status', 'Is clock synchronized to a reliable server (1 = yes, 0 = no).', t.state === TIME_ERROR ? 0 : 1),
    g('tai_offset_seconds', 'International Atomic Time (TAI) offset.', t.tai),
    g('tick_seconds', 'Seconds between clock ticks.', t.tick / 1e6),
  ];
}

export const timexCollector: CollectorDefinition = {
  name: 'timex',
  defaultEnabled: true,
  description: 'Clock synchronisation state from adjtimex(2): offset, frequency, errors, sync status',
  // The kernel's clock, not a file: it cannot be pointed at a fixture root.
  create: () => ({ name: 'timex', collect: () => timexFamilies(readTimex()) }),
};
