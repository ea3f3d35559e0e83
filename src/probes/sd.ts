// GET /sd/probes: the configured probes as Prometheus http_sd targets, one per probe, so a
// scrape job with nothing but `http_sd_configs` scrapes /probe?name= for each of them with
// `instance` set to what the probe checks (blackbox dashboards key their rows on it) rather
// than to vigil's own address, which every series of /metrics shares.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, send } from '../web/respond.js';
import type { Probe } from './types.js';

/** The target label naming the vigil that ran a probe (the compiler's VIGIL_LABEL). */
export const VIGIL_LABEL = 'vigil';

export interface SdGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * One group per probe. Everything the scrape needs is in the labels Prometheus reads before
 * relabelling (`__metrics_path__`, `__scheme__`, `__param_name`), and `instance` is the
 * probe's target label: scheme, host, port and path, never userinfo, query or a secret.
 * `probe` is not a target label: /probe's series carry it already, and a target label of the
 * same name would rename theirs to `exported_probe`. `vigil` is the address of the vigil that
 * runs the probe, so that its alerts can be muted while that vigil is down (the compiler's
 * VIGIL_LABEL, src/compiler/conventions.ts: Alertmanager compares it with VigilTargetDown's).
 */
export function sdGroups(probes: readonly Probe[], address: string, scheme: 'http' | 'https'): SdGroup[] {
  return probes.map((p) => ({
    targets: [address],
    labels: {
      __metrics_path__: '/probe',
      __scheme__: scheme,
      __param_name: p.name,
      instance: p.target,
      [VIGIL_LABEL]: address,
      __meta_vigil_probe_name: p.name,
      __meta_vigil_probe_kind: p.kind,
    },
  }));
}

// A Host header as a client writes it: a name or IPv4 with an optional port, or a bracketed
// IPv6 literal. Anything else is not echoed back into a target.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The address Prometheus should scrape: the one it used to reach /sd/probes (its Host
 * header), or else the address the request came in on.
 */
export function scrapeAddress(host: string | undefined, localAddress: string | undefined, localPort: number | undefined): string {
  if (host !== undefined && HOST.test(host)) return host;
  const addr = localAddress ?? '127.0.0.1';
  const shown = addr.includes(':') ? `[${addr}]` : addr;
  return localPort ? `${shown}:${localPort}` : shown;
}

export function sdHandler(probes: () => readonly Probe[], scheme: 'http' | 'https'): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const address = scrapeAddress(header(req, 'host'), req.socket.localAddress, req.socket.localPort);
    res.setHeader('Cache-Control', 'no-store');
    send(res, 200, 'application/json; charset=utf-8', `${JSON.stringify(sdGroups(probes(), address, scheme))}\n`);
  };
}
