// The page at / : each collector's last outcome and the configured probes, for a person
// checking a host by hand. Everything interpolated is escaped: probe names come from the config.
import type { CollectorOutcome } from './scrape.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface LandingInfo {
  version: string;
  collectors: string[];
  last?: { outcomes: CollectorOutcome[]; finishedAt: number };
  probes?: string[];
}

export function landingPage(info: LandingInfo): string {
  const byName = new Map(info.last?.outcomes.map((o) => [o.name, o]) ?? []);
  const rows = info.collectors
    .map((name) => {
      const o = byName.get(name);
      const status = !o ? 'not scraped yet' : o.success ? 'ok' : `failed: ${o.error ?? ''}`;
      const dur = o ? `${(o.durationSeconds * 1000).toFixed(2)} ms` : '';
      return `<tr><td>${esc(name)}</td><td>${esc(dur)}</td><td class="${o ? (o.success ? 'ok' : 'bad') : ''}">${esc(status)}</td></tr>`;
    })
    .join('\n');
  const probes = info.probes?.length
    ? `<h2>Probes</h2><ul>${info.probes.map((p) => `<li><a href="probe?name=${encodeURIComponent(p)}">${esc(p)}</a></li>`).join('')}</ul>`
    : '';
  const when = info.last ? new Date(info.last.finishedAt).toISOString() : 'never';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vigil</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}td,th{padding:.2em 1em;text-align:left}.ok{color:#1a7f37}.bad{color:#cf222e}</style>
</head><body>
<h1>vigil ${esc(info.version)}</h1>
<p>Host, process-group and probe metrics for Prometheus. <a href="metrics">Metrics</a> · <a href="-/healthy">Health</a> · <a href="-/ready">Ready</a></p>
<h2>Collectors</h2>
<p>Last scrape: ${esc(when)}</p>
<table><thead><tr><th>collector</th><th>last duration</th><th>status</th></tr></thead><tbody>
${rows}
</tbody></table>
${probes}
</body></html>
`;
}
