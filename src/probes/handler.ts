// GET /probe?name=NAME: runs one configured probe for Prometheus's multi-target pattern.
// Only names from the config are accepted; a target never comes from the request, so this
// route cannot be turned into a scanner of the network vigil sits in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentType, encode, negotiate } from '../metrics/exposition.js';
import type { ProbeRunner } from './runner.js';
import { header, queryParam, send, TEXT } from '../web/respond.js';

export function probeHandler(getCollector: () => ProbeRunner | undefined): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const name = queryParam(req, 'name');
    res.setHeader('Cache-Control', 'no-store');
    if (typeof name !== 'string' || name === '') {
      send(res, 400, TEXT, 'the name parameter is missing: /probe?name=NAME\n');
      return;
    }
    const runner = getCollector();
    if (!runner || !runner.has(name)) {
      // The name is not echoed back: it came from the request, not from us.
      send(res, 404, TEXT, 'no probe of that name is configured\n');
      return;
    }
    const budget = runner.budgetSeconds(header(req, 'x-prometheus-scrape-timeout-seconds'));
    const abort = new AbortController();
    // A scraper that hangs up early does not need its probe finished.
    const onClose = () => {
      if (!res.writableEnded) abort.abort();
    };
    res.once('close', onClose);
    try {
      const families = await runner.runOne(name, Date.now() + budget * 1000, abort.signal);
      const format = negotiate(header(req, 'accept'));
      res.statusCode = 200;
      res.setHeader('Content-Type', contentType(format));
      res.end(encode(families, format));
    } catch (err) {
      send(res, 500, TEXT, `probe failed to run: ${(err as Error).message}\n`);
    } finally {
      res.off('close', onClose);
    }
  };
}
