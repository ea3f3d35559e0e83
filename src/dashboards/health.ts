// Health panels: green/yellow/red per instance from the compiler's health recording rule, the
// alerts firing now, and whether vigil's own collectors keep up.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import {
  DATASOURCE,
  PROVISIONED_DATASOURCE_NAME,
  PROVISIONED_DATASOURCE_UID,
  instantQuery,
  query,
  sel,
  statPanel,
  thresholds,
  timeseriesPanel,
  valueMappings,
} from './common.js';

const RI = '$__rate_interval';
// The health rule aggregates by instance; job may not survive, so only instance narrows it.
const BY_INSTANCE = '{instance=~"$instance"}';

const STATUS = valueMappings({
  0: { text: 'green', color: 'green' },
  1: { text: 'yellow', color: 'yellow' },
  2: { text: 'red', color: 'red' },
});
const STATUS_STEPS = thresholds([
  { value: null, color: 'green' },
  { value: 1, color: 'yellow' },
  { value: 2, color: 'red' },
]);

/** The health status now, one tile per instance. */
export function statusStat(healthMetric: string, order: readonly string[] = ['info', 'warning', 'critical']) {
  const red = order[order.length - 1];
  const yellow = order[order.length - 2] ?? red;
  return statPanel('Health')
    .description(`From the recording rule ${healthMetric}: 0 green, 1 yellow (a ${yellow} fires), 2 red (a ${red} fires).`)
    .span(24)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Background)
    .mappings(STATUS)
    .thresholds(STATUS_STEPS)
    .withTarget(instantQuery(`max by (instance) (${healthMetric}${BY_INSTANCE})`, '{{instance}}'));
}

/** The 0-100 health score now: same colours as the status, more detail inside each. */
export function scoreStat(scoreMetric: string) {
  return statPanel('Health score')
    .description(
      `From the recording rule ${scoreMetric}: 100 when nothing fires; 50 to 100 while warnings fire (75 for one, lower for more), 0 to 50 while criticals fire (25 for one, lower for more).`,
    )
    .span(24)
    .unit('none')
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Background)
    .thresholds(
      thresholds([
        { value: null, color: 'red' },
        { value: 50, color: 'yellow' },
        { value: 100, color: 'green' },
      ]),
    )
    .withTarget(instantQuery(`min by (instance) (${scoreMetric}${BY_INSTANCE})`, '{{instance}}'));
}

export function statusTimeline(healthMetric: string) {
  return new statetimeline.PanelBuilder()
    .title('Health over time')
    .datasource(DATASOURCE)
    .height(8)
    .span(24)
    .showValue(common.VisibilityMode.Never)
    .mergeValues(true)
    .mappings(STATUS)
    .thresholds(STATUS_STEPS)
    .withTarget(query(`max by (instance) (${healthMetric}${BY_INSTANCE})`, '{{instance}}'));
}

/** Grafana's alert list over the Prometheus rules (datasource-managed alerts). */
export function alertList() {
  return new dashboard.PanelBuilder()
    .type('alertlist')
    .title('Firing and pending alerts')
    .datasource({ type: 'prometheus', uid: PROVISIONED_DATASOURCE_UID })
    .height(8)
    .span(12)
    .options({
      viewMode: 'list',
      groupMode: 'default',
      groupBy: [],
      maxItems: 50,
      sortOrder: 1,
      dashboardAlerts: false,
      alertName: '',
      alertInstanceLabelFilter: '',
      showInstances: true,
      datasource: PROVISIONED_DATASOURCE_NAME,
      stateFilter: { firing: true, pending: true, recovering: false, noData: false, normal: false, error: true },
    });
}

/** The same alerts as a table from the ALERTS series, which also works without the alert list. */
export function alertsTable() {
  return timeseriesPanel('Alerts firing by name and severity')
    .span(12)
    .min(0)
    .decimals(0)
    .withTarget(query(`count by (alertname, severity) (ALERTS${sel('alertstate="firing"')})`, '{{alertname}} {{severity}}'));
}

export function upStat() {
  return statPanel('vigil targets up')
    .graphMode(common.BigValueGraphMode.None)
    .mappings(valueMappings({ 0: { text: 'down', color: 'red' }, 1: { text: 'up', color: 'green' } }))
    .thresholds(
      thresholds([
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ]),
    )
    .span(24)
    .withTarget(instantQuery(`up${sel()}`, '{{instance}}'));
}

export function collectorDurationTimeseries() {
  return timeseriesPanel('Collector duration')
    .unit('s')
    .min(0)
    .withTarget(query(`vigil_scrape_collector_duration_seconds${sel()}`, '{{instance}} {{collector}}'));
}

export function collectorFailuresTimeseries() {
  return timeseriesPanel('Collectors failing')
    .description('Collectors that failed or missed their deadline in the last scrape (0 is good).')
    .min(0)
    .decimals(0)
    .withTarget(
      query(
        `count by (instance) (vigil_scrape_collector_success${sel()} == 0) or on (instance) (0 * count by (instance) (vigil_scrape_collector_success${sel()}))`,
        '{{instance}}',
      ),
    );
}

export function scrapeDurationTimeseries() {
  return timeseriesPanel('Scrape duration')
    .unit('s')
    .min(0)
    .withTarget(query(`scrape_duration_seconds${sel()}`, '{{instance}}'))
    .withTarget(query(`rate(process_cpu_seconds_total${sel()}[${RI}])`, '{{instance}} vigil CPU'));
}
