// Answers for the small routes beside /metrics, on Node's own request and response objects: the
// few things a web framework would do for them (a length, a type with its charset, the query)
// are these lines, and a framework is several megabytes of resident memory in every exporter.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const TEXT = 'text/plain; charset=utf-8';

/** Sends a whole body with its status, type and length. */
export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** A request header as one string (the first, when a client sent it twice). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The path of the request target, without its query. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A query parameter given exactly once; a parameter given twice is as good as none. */
export function queryParam(req: IncomingMessage, name: string): string | undefined {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const all = new URLSearchParams(url.slice(q + 1)).getAll(name);
  return all.length === 1 ? all[0] : undefined;
}
