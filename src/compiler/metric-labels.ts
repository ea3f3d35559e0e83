// The labels of the metric families vigil exports (node_exporter's, process-exporter's and
// blackbox_exporter's names), as written by src/collectors, src/processes and src/probes and
// seen in test/fixtures/host/e2e-output.txt. The identity analysis (identity.ts) reads it: a
// selector of one of these families carries exactly these labels plus the target's instance
// and job, so an alert over it can be told apart by them. Families that are not listed
// (anything an application exports) have labels vigil cannot know.

const FS = ['device', 'fstype', 'mountpoint'];
const PROBE = ['kind', 'probe'];

/** Exact family names, then patterns, each with the labels of its series. */
const EXACT: Record<string, string[]> = {
  up: [],
  node_cpu_seconds_total: ['cpu', 'mode'],
  node_cpu_guest_seconds_total: ['cpu', 'mode'],
  node_cpu_frequency_hertz: ['cpu'],
  node_cpu_scaling_frequency_hertz: ['cpu'],
  node_cpu_scaling_frequency_min_hertz: ['cpu'],
  node_cpu_scaling_frequency_max_hertz: ['cpu'],
  node_disk_info: ['device', 'major', 'minor', 'model', 'path', 'revision', 'serial', 'wwn'],
  node_hwmon_chip_names: ['chip', 'chip_name'],
  node_hwmon_sensor_label: ['chip', 'label', 'sensor'],
  node_os_info: [
    'build_id',
    'id',
    'id_like',
    'image_id',
    'image_version',
    'name',
    'pretty_name',
    'variant',
    'variant_id',
    'version',
    'version_codename',
    'version_id',
  ],
  node_os_version: ['id', 'id_like', 'name'],
  node_time_clocksource_available_info: ['clocksource', 'device'],
  node_time_clocksource_current_info: ['clocksource', 'device'],
  node_time_seconds: [],
  node_time_zone_offset_seconds: ['time_zone'],
  node_uname_info: ['domainname', 'machine', 'nodename', 'release', 'sysname', 'version'],
  namedprocess_namegroup_cpu_seconds_total: ['groupname', 'mode'],
  namedprocess_namegroup_memory_bytes: ['groupname', 'memtype'],
  namedprocess_namegroup_states: ['groupname', 'state'],
  namedprocess_namegroup_context_switches_total: ['ctxswitchtype', 'groupname'],
  probe_http_duration_seconds: [...PROBE, 'phase'],
  vigil_probe_failure_info: [...PROBE, 'reason'],
  vigil_scrape_collector_duration_seconds: ['collector'],
  vigil_scrape_collector_success: ['collector'],
};

const PATTERNS: [RegExp, string[]][] = [
  [/^node_filesystem_(size|free|avail)_bytes$|^node_filesystem_(files|files_free|readonly|device_error)$/, FS],
  [/^node_disk_[a-z_]+$/, ['device']],
  [/^node_network_[a-z_]+$/, ['device']],
  [/^node_hwmon_temp(_max|_crit)?_celsius$/, ['chip', 'sensor']],
  [/^node_memory_[A-Za-z0-9_]+$/, []],
  [/^node_(load1|load5|load15|boot_time_seconds|context_switches_total|forks_total|intr_total|procs_running|procs_blocked)$/, []],
  [/^node_pressure_[a-z_]+_seconds_total$/, []],
  [
    /^namedprocess_namegroup_(num_procs|open_filedesc|worst_fd_ratio|read_bytes_total|write_bytes_total|num_threads|oldest_start_time_seconds)$/,
    ['groupname'],
  ],
  [
    /^probe_(success|duration_seconds|ssl_earliest_cert_expiry|http_status_code|http_redirects|http_version|http_content_length|http_uncompressed_body_length|http_ssl|dns_lookup_time_seconds|dns_answer_rrs|ip_protocol)$/,
    PROBE,
  ],
];

/** Labels the target adds to every scraped series. */
export const TARGET_LABELS = ['instance', 'job'];

/** The labels of a family vigil exports (target labels included), or undefined when unknown. */
export function familyLabels(metric: string): string[] | undefined {
  const own = (Object.hasOwn(EXACT, metric) ? EXACT[metric] : undefined) ?? PATTERNS.find(([re]) => re.test(metric))?.[1];
  return own ? [...TARGET_LABELS, ...own] : undefined;
}
