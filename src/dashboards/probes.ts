// Probe panels over blackbox_exporter's names plus vigil's `probe` label and failure reasons.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import { DATASOURCE, query, sel, thresholds, timeseriesPanel, valueMappings } from './common.js';

const P = 'probe=~"$probe"';

export function successTimeline() {
  return new statetimeline.PanelBuilder()
    .title('Probe success')
    .datasource(DATASOURCE)
    .height(8)
    .span(24)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .mappings(valueMappings({ 0: { text: 'failing', color: 'red' }, 1: { text: 'up', color: 'green' } }))
    .thresholds(
      thresholds([
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ]),
    )
    .withTarget(query(`probe_success${sel(P)}`, '{{instance}} {{probe}}'));
}

export function durationTimeseries() {
  return timeseriesPanel('Probe duration')
    .unit('s')
    .min(0)
    .withTarget(query(`probe_duration_seconds${sel(P)}`, '{{instance}} {{probe}}'));
}

export function httpPhaseTimeseries() {
  return timeseriesPanel('HTTP latency by phase')
    .description('resolve, connect, tls, processing (time to first byte) and transfer, summed over redirects.')
    .unit('s')
    .min(0)
    .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
    .fillOpacity(40)
    .withTarget(query(`probe_http_duration_seconds${sel(P)}`, '{{instance}} {{probe}} {{phase}}'));
}

export function certDaysTimeseries() {
  return timeseriesPanel('Certificate days left')
    .description('Days until the earliest certificate of the chain expires.')
    .unit('d')
    .thresholds(
      thresholds([
        { value: null, color: 'red' },
        { value: 3, color: 'orange' },
        { value: 14, color: 'green' },
      ]),
    )
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.LineAndArea))
    .withTarget(query(`(probe_ssl_earliest_cert_expiry${sel(P)} - time()) / 86400`, '{{instance}} {{probe}}'));
}

export function failureReasonTimeseries() {
  return timeseriesPanel('Failure reasons')
    .description('Failing probes by reason: timeout, refused, dns, tls, status, body, auth, protocol.')
    .min(0)
    .decimals(0)
    .withTarget(query(`count by (reason) (vigil_probe_failure_info${sel(P)} == 1)`, '{{reason}}'));
}

export function statusCodeTimeseries() {
  return timeseriesPanel('HTTP status code')
    .decimals(0)
    .withTarget(query(`probe_http_status_code${sel(P)}`, '{{instance}} {{probe}}'));
}
