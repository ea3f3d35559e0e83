import type { Request, Response } from 'express';
import type { Generation } from '../exporter/state.js';
import { probeHandler } from './handler.js';
import { ProbeCollector } from './runner.js';

// GET /probe?name=NAME against the probes of the live generation, so a reload that adds or
// removes probes changes what the route accepts at once.
export function probeRoute(current: () => Generation): (req: Request, res: Response) => Promise<void> {
  return probeHandler(() => current().collectors.find((c): c is ProbeCollector => c instanceof ProbeCollector));
}
