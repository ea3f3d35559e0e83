// Network traffic and error panels (the loopback device left out).
import { query, sel, timeseriesPanel } from '../common.js';

const RI = '$__rate_interval';
const DEV = 'device!="lo"';

export function trafficTimeseries() {
  return timeseriesPanel('Network traffic')
    .description('Bits received (positive) and sent (negative) per second, per device.')
    .unit('bps')
    .withTarget(query(`8 * rate(node_network_receive_bytes_total${sel(DEV)}[${RI}])`, '{{instance}} {{device}} in'))
    .withTarget(query(`-8 * rate(node_network_transmit_bytes_total${sel(DEV)}[${RI}])`, '{{instance}} {{device}} out'));
}

export function errorsTimeseries() {
  return timeseriesPanel('Network errors and drops')
    .unit('pps')
    .min(0)
    .withTarget(
      query(
        `rate(node_network_receive_errs_total${sel(DEV)}[${RI}]) + rate(node_network_transmit_errs_total${sel(DEV)}[${RI}])`,
        '{{instance}} {{device}} errors',
      ),
    )
    .withTarget(
      query(
        `rate(node_network_receive_drop_total${sel(DEV)}[${RI}]) + rate(node_network_transmit_drop_total${sel(DEV)}[${RI}])`,
        '{{instance}} {{device}} drops',
      ),
    );
}
