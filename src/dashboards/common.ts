// House defaults shared by every dashboard: the datasource, the template variables, the query
// and panel builders with vigil's look, and the selector every host query narrows by.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Every panel and query reads the datasource chosen in the `datasource` variable. */
export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The uid of the datasource provisioned in grafana/provisioning/datasources/prometheus.yml. */
export const PROVISIONED_DATASOURCE_UID = 'prometheus';
/** Its name: the alert list panel filters rule sources by name, not uid. */
export const PROVISIONED_DATASOURCE_NAME = 'Prometheus';

/** Tag on every generated dashboard; the dashboards' link menu lists them by it. */
export const TAG = 'vigil';

/** `{job=~"$job", instance=~"$instance"}` plus any extra matchers, for series scraped from vigil. */
export function sel(...extra: string[]): string {
  return `{${['job=~"$job"', 'instance=~"$instance"', ...extra].join(', ')}}`;
}

export function query(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).range();
  return legend === undefined ? q : q.legendFormat(legend);
}

export function instantQuery(expr: string, legend?: string): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).instant();
  return legend === undefined ? q : q.legendFormat(legend);
}

export function thresholds(steps: { value: number | null; color: string }[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

export function timeseriesPanel(title: string): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .height(8)
    .span(12)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .placement(common.LegendPlacement.Bottom)
        .displayMode(common.LegendDisplayMode.List),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

export function statPanel(title: string): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .datasource(DATASOURCE)
    .height(4)
    .span(4)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area);
}

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ selected: true, text: PROVISIONED_DATASOURCE_NAME, value: PROVISIONED_DATASOURCE_UID });
}

/** A multi-value variable over the values of one label, "All" by default. */
export function labelVariable(name: string, label: string, metric: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(`label_values(${metric}, ${name})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** `job` and `instance` of the vigil targets (vigil_build_info is on every vigil). */
export function hostVariables(): dashboard.QueryVariableBuilder[] {
  return [labelVariable('job', 'Job', 'vigil_build_info'), labelVariable('instance', 'Instance', 'vigil_build_info{job=~"$job"}')];
}

/**
 * A dashboard with the house settings: tags, time, refresh, the link menu to its siblings, and
 * firing alerts as annotations (`alerts` narrows which: by default those of `$instance`).
 */
export function baseDashboard(
  title: string,
  uid: string,
  tags: string[] = [],
  alerts = 'instance=~"$instance"',
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .tags([TAG, ...tags])
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .link(
      new dashboard.DashboardLinkBuilder('vigil dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Annotations & Alerts')
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)')
        .type('dashboard')
        .builtIn(1),
    )
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Firing alerts')
        .datasource(DATASOURCE)
        .enable(true)
        .hide(false)
        .iconColor('red')
        .expr(`ALERTS{alertstate="firing", ${alerts}}`)
        .titleFormat('{{alertname}}')
        .textFormat('{{severity}} on {{instance}}')
        .tagKeys('alertname,severity')
        .step('1m'),
    )
    .withVariable(datasourceVariable());
}

/** Value → text and colour, for status-like series (up/down, green/yellow/red). */
export function valueMappings(map: Record<string, { text: string; color: string }>): dashboard.ValueMapping[] {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  Object.keys(map).forEach((k, index) => {
    options[k] = { ...map[k]!, index };
  });
  return [{ type: dashboard.MappingType.ValueToText, options }];
}
