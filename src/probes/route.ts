import type { Request, Response } from 'express';
import type { Generation } from '../exporter/state.js';

// GET /probe?name=NAME: placeholder until the probes module provides its handler.
export function probeRoute(_current: () => Generation) {
  return (_req: Request, res: Response): void => {
    res.status(404).type('text/plain').send('no probes configured\n');
  };
}
