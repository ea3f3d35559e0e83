// JSON Schema for `process_names` (process-exporter's matcher list, accepted verbatim) and
// `process_options`. Regexes and templates are checked for meaning by matcher.ts and
// template.ts, reported with positions by src/sections/processes.ts; the schema only says what
// shape an entry has.

const stringList = (description: string) =>
  ({
    type: 'array',
    minItems: 1,
    items: { type: 'string', minLength: 1 },
    description,
  }) as const;

export const processNamesSchema = {
  type: 'array',
  description:
    "Named process groups, in process-exporter's process_names format (an existing list can be pasted as is). The first entry that matches a process names its group.",
  items: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        description:
          'Group name template (default "{{.ExeBase}}"): literal text and {{.Comm}}, {{.ExeBase}}, {{.ExeFull}}, {{.Username}}, {{.PID}}, {{.Matches.NAME}} (a named capture of a cmdline regex).',
      },
      comm: stringList('Command names (/proc/<pid>/comm, at most 15 characters); the process matches if its name is any of them.'),
      exe: stringList(
        'Executables: a base name matches argv[0] in any directory, a path with a slash matches argv[0] exactly; any of them.',
      ),
      cmdline: stringList(
        'Regular expressions (RE2 syntax as in Go, (?P<name>...) captures; matched in linear time) that must ALL match the arguments joined with spaces.',
      ),
    },
  },
} as const;

export const processOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'How process groups are counted.',
  properties: {
    children: {
      type: 'boolean',
      default: true,
      description: "Count a process no entry matches into the group of its nearest matched ancestor (process-exporter's -children).",
    },
    remove_empty_groups: {
      type: 'boolean',
      default: false,
      description:
        'Stop reporting a group once its last process exits (its counters restart if it comes back). Groups whose name is fixed in the config are always reported.',
    },
    gather_smaps: {
      type: 'boolean',
      default: true,
      description:
        'Read /proc/<pid>/smaps_rollup for memtype="proportionalResident" and "proportionalSwapped" (process-exporter\'s -gather-smaps); the most expensive read per process.',
    },
    thread_states: {
      type: 'boolean',
      default: true,
      description:
        'Count namedprocess_namegroup_states per thread, as process-exporter does (a process of 8 sleeping threads adds 8 to Sleeping); false counts each process once.',
    },
    threads_wchan: {
      type: 'boolean',
      default: true,
      description:
        'Serve namedprocess_namegroup_threads_wchan (threads per kernel wait function), as process-exporter does; reads one more file per thread per scrape.',
    },
    thread_context_switches: {
      type: 'boolean',
      default: true,
      description:
        'Sum context switches over every thread of a multi-threaded process (as process-exporter does) instead of its main thread only.',
    },
    slice_ms: {
      type: 'number',
      minimum: 1,
      maximum: 100,
      default: 8,
      description: 'Longest time the process-table scan runs before letting other requests through, in milliseconds.',
    },
    max_groups: {
      type: 'integer',
      minimum: 1,
      maximum: 100000,
      default: 256,
      description:
        'Most groups whose name comes from the process ({{.Matches.x}}, {{.PID}}, {{.Username}}, or {{.Comm}}/{{.ExeBase}} of a cmdline selector) held at once; past it, processes that would start a new group are left out and counted in vigil_process_groups_refused_total. Groups named by the config alone are not counted and always reported.',
    },
    empty_group_ttl_seconds: {
      type: 'number',
      minimum: 0,
      default: 600,
      description:
        'Seconds a group named by the process may stay without processes before it is dropped (its counters restart if it comes back). Groups named by the config alone are always reported.',
    },
  },
} as const;
