// The same app instrumented with prom-client in Node, as the README's "your own signals"
// section shows. Serves /metrics on the port given (argv[2]) and simulates its own traffic.
import { createServer } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';

const registry = new Registry();
const requests = new Counter({
  name: 'http_requests_total',
  help: 'Requests handled, by method and status code.',
  labelNames: ['method', 'code'],
  registers: [registry],
});
const latency = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to handle a request.',
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

let n = 0;
setInterval(() => {
  n++;
  requests.inc({ method: 'GET', code: n % 10 === 0 ? '500' : '200' });
  latency.observe(n % 5 === 0 ? 1.5 : 0.05);
}, 10);

createServer(async (req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
}).listen(Number(process.argv[2]), '127.0.0.1');
