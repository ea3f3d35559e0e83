import type { Request, Response } from 'express';
import type { Generation } from '../exporter/state.js';
import { probeHandler } from './handler.js';
import { ProbeCollector } from './runner.js';
import { sdHandler } from './sd.js';

function collectorOf(gen: Generation): ProbeCollector | undefined {
  return gen.collectors.find((c): c is ProbeCollector => c instanceof ProbeCollector);
}

// GET /probe?name=NAME against the probes of the live generation, so a reload that adds or
// removes probes changes what the route accepts at once.
export function probeRoute(current: () => Generation): (req: Request, res: Response) => Promise<void> {
  return probeHandler(() => collectorOf(current()));
}

// GET /sd/probes: the live generation's probes as http_sd targets, so a reload changes the
// targets Prometheus scrapes at its next refresh.
export function sdRoute(current: () => Generation, scheme: 'http' | 'https'): (req: Request, res: Response) => void {
  return sdHandler(() => collectorOf(current())?.probes ?? [], scheme);
}
