// `process_options`, with process-exporter's defaults where it has the same switch.

export interface ProcessOptions {
  /** Count a process nobody matched into the group of its nearest tracked ancestor (-children). */
  children: boolean;
  /** Drop a group once its last process exits; fixed-name groups from the config always stay. */
  removeEmptyGroups: boolean;
  /** Read smaps_rollup for proportionalResident/proportionalSwapped memory (-gather-smaps). */
  gatherSmaps: boolean;
  /** Sum context switches over all threads of multi-threaded processes, as process-exporter does. */
  threadContextSwitches: boolean;
  /** Count namedprocess_namegroup_states per thread, as process-exporter does (false: per process). */
  threadStates: boolean;
  /** namedprocess_namegroup_threads_wchan: read every thread's wchan each scrape. */
  threadsWchan: boolean;
  /** Longest stretch the process-table scan may hold the event loop before yielding, ms. */
  sliceMs: number;
  /** Most groups named by the process (templates) held at once; fixed names do not count. */
  maxGroups: number;
  /** Seconds a template-named group may stay empty before it is dropped. */
  emptyGroupTtlSeconds: number;
}

export const DEFAULT_OPTIONS: ProcessOptions = {
  children: true,
  removeEmptyGroups: false,
  gatherSmaps: true,
  threadContextSwitches: true,
  threadStates: true,
  threadsWchan: true,
  sliceMs: 8,
  maxGroups: 256,
  emptyGroupTtlSeconds: 600,
};

export function readOptions(raw: Record<string, unknown> | undefined): ProcessOptions {
  const o = raw ?? {};
  const bool = (key: string, dflt: boolean) => (typeof o[key] === 'boolean' ? (o[key] as boolean) : dflt);
  const num = (key: string, dflt: number) => (typeof o[key] === 'number' ? (o[key] as number) : dflt);
  return {
    children: bool('children', DEFAULT_OPTIONS.children),
    removeEmptyGroups: bool('remove_empty_groups', DEFAULT_OPTIONS.removeEmptyGroups),
    gatherSmaps: bool('gather_smaps', DEFAULT_OPTIONS.gatherSmaps),
    threadContextSwitches: bool('thread_context_switches', DEFAULT_OPTIONS.threadContextSwitches),
    threadStates: bool('thread_states', DEFAULT_OPTIONS.threadStates),
    threadsWchan: bool('threads_wchan', DEFAULT_OPTIONS.threadsWchan),
    sliceMs: num('slice_ms', DEFAULT_OPTIONS.sliceMs),
    maxGroups: num('max_groups', DEFAULT_OPTIONS.maxGroups),
    emptyGroupTtlSeconds: num('empty_group_ttl_seconds', DEFAULT_OPTIONS.emptyGroupTtlSeconds),
  };
}
