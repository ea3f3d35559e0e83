import { processNamesSchema, processOptionsSchema } from '../processes/schema.js';
import { probesSchema } from '../probes/schema.js';
import { logsSchema } from '../logs/schema.js';

// The one JSON Schema for vigil's config file. `schema/config.schema.json` is written from
// this object (a test keeps them equal) so editors can complete and check the YAML.

const regex = { type: 'string', minLength: 1, description: 'a regular expression, RE2 syntax (no lookaround or backreferences), matched in linear time' } as const;
const onOff = (properties: Record<string, unknown> = {}) => ({
  oneOf: [
    { type: 'boolean' },
    { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' }, ...properties } },
  ],
});

export const collectorOptionSchemas: Record<string, ReturnType<typeof onOff>> = {
  cpu: onOff({ info: { type: 'boolean', description: 'node_cpu_info from /proc/cpuinfo (default true)' } }),
  cpufreq: onOff(),
  meminfo: onOff(),
  loadavg: onOff(),
  filesystem: onOff({
    mount_points_exclude: regex,
    fs_types_exclude: regex,
    mount_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 300 },
  }),
  diskstats: onOff({ device_exclude: regex, device_include: regex }),
  netdev: onOff({ device_exclude: regex, device_include: regex }),
  stat: onOff(),
  uname: onOff(),
  os: onOff(),
  time: onOff(),
  pressure: onOff(),
  hwmon: onOff(),
  runtime: onOff(),
  arp: onOff(),
  conntrack: onOff(),
  entropy: onOff(),
  filefd: onOff(),
  netclass: onOff(),
  netstat: onOff(),
  selinux: onOff(),
  sockstat: onOff(),
  softnet: onOff(),
  textfile: onOff({ directory: { type: 'string', minLength: 1, description: 'directory of *.prom files to serve (node_exporter\'s --collector.textfile.directory)' } }),
  systemd: onOff({
    unit_include: { ...regex, description: 'units to report, anchored (default ".+")' },
    unit_exclude: { ...regex, description: 'units to leave out, anchored (default ".+\\.(automount|device|mount|scope|slice)")' },
    start_time: { type: 'boolean', description: 'node_systemd_unit_start_time_seconds per unit (default false)' },
    systemctl: { type: 'string', minLength: 1, description: 'the systemctl binary (default: systemctl from PATH)' },
  }),
  timex: onOff(),
  udp_queues: onOff(),
  vmstat: onOff(),
  edac: onOff(),
  mdadm: onOff(),
  powersupplyclass: onOff(),
  rapl: onOff(),
  schedstat: onOff(),
  thermal_zone: onOff(),
  watchdog: onOff(),
  bonding: onOff(),
  nvme: onOff(),
  nfs: onOff(),
  nfsd: onOff(),
  xfs: onOff(),
  btrfs: onOff(),
};

export const configSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/vigil-monitoring/vigil/schema/config.schema.json',
  title: 'vigil configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: {
      type: 'string',
      pattern: '^(\\[[0-9a-fA-F:.]+\\]|[^:\\s]*):[0-9]{1,5}$',
      description: 'HOST:PORT to listen on, e.g. "0.0.0.0:9469" or "[::1]:9469"',
    },
    paths: {
      type: 'object',
      additionalProperties: false,
      properties: {
        procfs: { type: 'string', minLength: 1 },
        sysfs: { type: 'string', minLength: 1 },
        rootfs: { type: 'string', minLength: 1 },
      },
    },
    scrape: {
      type: 'object',
      additionalProperties: false,
      properties: {
        default_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 600, description: 'deadline when the scraper sends no X-Prometheus-Scrape-Timeout-Seconds' },
        timeout_offset_seconds: { type: 'number', minimum: 0, maximum: 60, description: 'kept back from the scraper\'s timeout for rendering and the network' },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_requests: { type: 'integer', minimum: 1, maximum: 10000, description: 'concurrent /metrics and /probe requests; more get 503 (node_exporter\'s --web.max-requests)' },
        max_series: { type: 'integer', minimum: 1, description: 'series per scrape; the rest are dropped and counted' },
        max_label_value_length: { type: 'integer', minimum: 16, description: 'longer label values drop their series, counted' },
        header_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
        request_timeout_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
      },
    },
    collectors: {
      type: 'object',
      additionalProperties: false,
      properties: collectorOptionSchemas,
    },
    process_names: processNamesSchema,
    process_options: processOptionsSchema,
    probes: probesSchema,
    logs: logsSchema,
  },
} as const;
