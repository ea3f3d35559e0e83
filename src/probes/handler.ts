// GET /probe?name=NAME: runs one configured probe for Prometheus's multi-target pattern.
// Only names from the config are accepted; a target never comes from the request, so this
// route cannot be turned into a scanner of the network vigil sits in.
import type { Request, Response } from 'express';
import { contentType, encode, negotiate } from '../metrics/exposition.js';
import type { ProbeRunner } from './runner.js';

export function probeHandler(getCollector: () => ProbeRunner | undefined): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const name = req.query['name'];
    res.setHeader('Cache-Control', 'no-store');
    if (typeof name !== 'string' || name === '') {
      res.status(400).type('text/plain').send('the name parameter is missing: /probe?name=NAME\n');
      return;
    }
    const runner = getCollector();
    if (!runner || !runner.has(name)) {
      // The name is not echoed back: it came from the request, not from us.
      res.status(404).type('text/plain').send('no probe of that name is configured\n');
      return;
    }
    const budget = runner.budgetSeconds(req.get('x-prometheus-scrape-timeout-seconds'));
    const abort = new AbortController();
    // A scraper that hangs up early does not need its probe finished.
    const onClose = () => { if (!res.writableEnded) abort.abort(); };
    res.once('close', onClose);
    try {
      const families = await runner.runOne(name, Date.now() + budget * 1000, abort.signal);
      const format = negotiate(req.get('accept'));
      res.status(200).setHeader('Content-Type', contentType(format));
      res.end(encode(families, format));
    } catch (err) {
      res.status(500).type('text/plain').send(`probe failed to run: ${(err as Error).message}\n`);
    } finally {
      res.off('close', onClose);
    }
  };
}
