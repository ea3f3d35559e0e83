// The one list of filesystem types that hold no disk space, shared by the filesystem
// collector (which never reports the pseudo ones), the rule compiler's disk metrics and the
// host dashboard's disk panels: a type added here leaves the collector, the alerts and the
// panels together.

/** Kernel and container pseudo filesystems: node_exporter's default exclude list on Debian. */
export const PSEUDO_FS_TYPES: readonly string[] = [
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'overlay',
  'proc',
  'procfs',
  'pstore',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tracefs',
];

/** Memory-backed filesystems: reported (a full /dev/shm matters), but no disk fills up. */
export const MEMORY_FS_TYPES: readonly string[] = ['ramfs', 'tmpfs'];

/** Every type that is not a disk: what disk alerts and disk panels leave out. */
export const NOT_DISK_FS_TYPES: readonly string[] = [...PSEUDO_FS_TYPES, ...MEMORY_FS_TYPES].sort();

/** The collector's default `fs_types_exclude`, a regular expression over the type. */
export const DEFAULT_FS_TYPES_EXCLUDE = `^(${PSEUDO_FS_TYPES.join('|')})$`;

/** The PromQL matcher that keeps disks only (PromQL regexes are anchored). */
export const DISK_FS_MATCHER = `fstype!~"${NOT_DISK_FS_TYPES.join('|')}"`;
