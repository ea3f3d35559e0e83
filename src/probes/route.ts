import type { Request, Response } from 'express';
import type { Collector } from '../collectors/types.js';
import { probeHandler } from './handler.js';
import { ProbeCollector } from './runner.js';

// GET /probe?name=NAME against the probes among the live collectors, so a reload that adds or
// removes probes changes what the route accepts at once.
export function probeRoute(current: () => readonly Collector[]): (req: Request, res: Response) => Promise<void> {
  return probeHandler(() => current().find((c): c is ProbeCollector => c instanceof ProbeCollector));
}
