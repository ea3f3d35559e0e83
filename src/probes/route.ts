// The routes of the probes (/probe, /sd/probes), reading the live collectors at each
// request: the server holds no probe list of its own to go stale on reload.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Collector } from '../collectors/types.js';
import { probeHandler } from './handler.js';
import type { ProbeRunner } from './runner.js';
import { sdHandler } from './sd.js';
import type { Probe } from './types.js';

type LiveProbes = Collector & ProbeRunner & { readonly probes: readonly Probe[] };

// Found by its shape rather than by `instanceof ProbeCollector`: importing the class would load
// every prober module (HTTP, TLS, DNS, Redis, PostgreSQL, exec) into an exporter that has no probes.
function probesOf(collectors: readonly Collector[]): LiveProbes | undefined {
  return collectors.find((c): c is LiveProbes => c.name === 'probes' && 'runOne' in c && 'probes' in c);
}

// GET /probe?name=NAME against the probes among the live collectors, so a reload that adds or
// removes probes changes what the route accepts at once.
export function probeRoute(current: () => readonly Collector[]): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return probeHandler(() => probesOf(current()));
}

// GET /sd/probes: the live collectors' probes as http_sd targets, so a reload changes the
// targets Prometheus scrapes at its next refresh.
export function sdRoute(
  current: () => readonly Collector[],
  scheme: 'http' | 'https',
): (req: IncomingMessage, res: ServerResponse) => void {
  return sdHandler(() => probesOf(current())?.probes ?? [], scheme);
}
