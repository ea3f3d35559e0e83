// The express routes of the probes (/probe, /sd/probes), reading the live collectors at each
// request: the server holds no probe list of its own to go stale on reload.
import type { Request, Response } from 'express';
import type { Collector } from '../collectors/types.js';
import { probeHandler } from './handler.js';
import { ProbeCollector } from './runner.js';
import { sdHandler } from './sd.js';

function probesOf(collectors: readonly Collector[]): ProbeCollector | undefined {
  return collectors.find((c): c is ProbeCollector => c instanceof ProbeCollector);
}

// GET /probe?name=NAME against the probes among the live collectors, so a reload that adds or
// removes probes changes what the route accepts at once.
export function probeRoute(current: () => readonly Collector[]): (req: Request, res: Response) => Promise<void> {
  return probeHandler(() => probesOf(current()));
}

// GET /sd/probes: the live collectors' probes as http_sd targets, so a reload changes the
// targets Prometheus scrapes at its next refresh.
export function sdRoute(current: () => readonly Collector[], scheme: 'http' | 'https'): (req: Request, res: Response) => void {
  return sdHandler(() => probesOf(current())?.probes ?? [], scheme);
}
