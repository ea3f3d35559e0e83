// The `collectors` section of vigil.yml: each host collector on or off, with its options.

const regex = {
  type: 'string',
  minLength: 1,
  description: 'a regular expression, RE2 syntax (no lookaround or backreferences), matched in linear time',
} as const;
// The options vary by collector, so a setting's type (config/types.ts) says `enabled` and
// leaves the others unknown: each collector reads its own.
type Options = Readonly<Record<string, object>>;
const withEnabled = (options: Options): Options & { readonly enabled: { readonly type: 'boolean' } } => ({
  enabled: { type: 'boolean' },
  ...options,
});
const onOff = (options: Options = {}) =>
  ({
    oneOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, properties: withEnabled(options) }],
  }) as const;

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
  textfile: onOff({
    directory: {
      type: 'string',
      minLength: 1,
      description: "directory of *.prom files to serve (node_exporter's --collector.textfile.directory)",
    },
  }),
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
  bcache: onOff({
    priority_stats: {
      type: 'boolean',
      description:
        "node_bcache_priority_stats_* per cache device (default false: priority_stats walks every bucket; node_exporter's --collector.bcache.priorityStats)",
    },
  }),
  infiniband: onOff({ device_exclude: regex, device_include: regex }),
  zfs: onOff(),
  dmi: onOff(),
  ipvs: onOff({
    backend_labels: {
      type: 'array',
      uniqueItems: true,
      items: { enum: ['local_address', 'local_port', 'remote_address', 'remote_port', 'proto', 'local_mark'] },
      description:
        "labels of node_ipvs_backend_*; backends alike in these are summed (node_exporter's --collector.ipvs.backend-labels; default all six)",
    },
  }),
  fibrechannel: onOff(),
  tapestats: onOff({
    device_exclude: {
      ...regex,
      description: "tape devices to leave out (node_exporter's --collector.tapestats.ignored-devices; default none)",
    },
  }),
};

export const collectorsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: collectorOptionSchemas,
} as const;
