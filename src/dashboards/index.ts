// Assembles vigil's dashboards from the panel families; the families hold the queries.
import { RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { HEALTH_SCORE_METRIC } from '../compiler/conventions.js';
import { baseDashboard, hostVariables, labelVariable } from './common.js';
import * as health from './health.js';
import * as cpu from './host/cpu.js';
import * as disk from './host/disk.js';
import * as memory from './host/memory.js';
import * as network from './host/network.js';
import * as system from './host/system.js';
import * as processes from './processes.js';
import * as probes from './probes.js';
import { DASHBOARD_DIR, UIDS } from './uids.js';
import type { HostLevels } from './watched.js';

export function hostDashboard(levels: HostLevels, order?: readonly string[]): Dashboard {
  const b = baseDashboard('vigil / Host overview', UIDS.host, ['host']).description(
    'CPU, memory, filesystems, disks and network of the hosts vigil runs on (node_exporter names).',
  );
  for (const v of hostVariables()) b.withVariable(v);
  return b
    .withRow(new RowBuilder('Overview'))
    .withPanel(system.uptimeStat())
    .withPanel(system.cpuCountStat())
    .withPanel(system.memoryTotalStat())
    .withPanel(cpu.busyStat(levels.cpu_usage_percent, order))
    .withPanel(memory.usedStat(levels.memory_usage_percent, order))
    .withPanel(disk.rootUsedStat(levels.disk_usage_percent, order))
    .withRow(new RowBuilder('CPU'))
    .withPanel(cpu.busyTimeseries())
    .withPanel(cpu.modeTimeseries())
    .withPanel(cpu.loadTimeseries())
    .withRow(new RowBuilder('Memory'))
    .withPanel(memory.usageTimeseries())
    .withPanel(memory.swapTimeseries())
    .withRow(new RowBuilder('Disk'))
    .withPanel(disk.fsUsedTimeseries())
    .withPanel(disk.ioBytesTimeseries())
    .withPanel(disk.ioUtilisationTimeseries())
    .withRow(new RowBuilder('Network'))
    .withPanel(network.trafficTimeseries())
    .withPanel(network.errorsTimeseries())
    .build();
}

export function processesDashboard(): Dashboard {
  const b = baseDashboard('vigil / Processes', UIDS.processes, ['processes']).description(
    'Named process groups (process-exporter names): count, CPU, memory, file descriptors, I/O.',
  );
  for (const v of hostVariables()) b.withVariable(v);
  return b
    .withVariable(labelVariable('groupname', 'Group', 'namedprocess_namegroup_num_procs{job=~"$job", instance=~"$instance"}'))
    .withPanel(processes.countTimeseries())
    .withPanel(processes.cpuTimeseries())
    .withPanel(processes.memoryTimeseries())
    .withPanel(processes.threadsTimeseries())
    .withPanel(processes.fdsTimeseries())
    .withPanel(processes.fdRatioTimeseries())
    .withPanel(processes.ioTimeseries().span(24))
    .build();
}

export function probesDashboard(): Dashboard {
  const b = baseDashboard('vigil / Probes', UIDS.probes, ['probes']).description(
    'Health probes of configured targets (blackbox_exporter names, `probe` label).',
  );
  for (const v of hostVariables()) b.withVariable(v);
  return b
    .withVariable(labelVariable('probe', 'Probe', 'probe_success{job=~"$job", instance=~"$instance"}'))
    .withPanel(probes.successTimeline())
    .withPanel(probes.durationTimeseries())
    .withPanel(probes.httpPhaseTimeseries())
    .withPanel(probes.certDaysTimeseries())
    .withPanel(probes.failureReasonTimeseries())
    .withPanel(probes.statusCodeTimeseries().span(24))
    .build();
}

export function healthDashboard(healthMetric: string, order?: readonly string[]): Dashboard {
  const b = baseDashboard('vigil / Health', UIDS.health, ['health']).description(
    'Is each host healthy, what is firing, and is vigil itself keeping up.',
  );
  for (const v of hostVariables()) b.withVariable(v);
  return b
    .withPanel(health.statusStat(healthMetric, order))
    .withPanel(health.scoreStat(HEALTH_SCORE_METRIC))
    .withPanel(health.statusTimeline(healthMetric))
    .withPanel(health.alertList())
    .withPanel(health.alertsTable())
    .withRow(new RowBuilder('vigil itself'))
    .withPanel(health.upStat())
    .withPanel(health.collectorDurationTimeseries())
    .withPanel(health.collectorFailuresTimeseries())
    .withPanel(health.scrapeDurationTimeseries().span(24))
    .build();
}

export { DASHBOARD_DIR };
