// Which scheduling group a probe belongs to: the endpoint it talks to. Probes of one dead
// host or one silent resolver share its fate, so they share one group's cap in the pool.
import type { Probe } from './types.js';

export function endpointOf(probe: Probe): string {
  switch (probe.kind) {
    case 'http':
      return `${probe.url.hostname}:${probe.url.port || (probe.url.protocol === 'https:' ? '443' : '80')}`;
    case 'dns':
      return `dns:${probe.server ?? 'system'}`;
    // Commands share no endpoint; their own bound on concurrency is in command.ts.
    case 'exec':
      return `exec:${probe.name}`;
    default:
      return `${probe.host}:${probe.port}`;
  }
}

/** Every probe whose last run timed out is scheduled in this one group, whatever its target. */
export const SLOW_GROUP = 'slow';
