// The metric names a probe can report, with blackbox_exporter's names and help texts so its
// dashboards and alerts work unchanged, and the per-run recorder the probers write into.
import { gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import { FAILURE_REASONS } from './failure.js';

export const PROBE_FAMILIES = {
  probe_success: 'Displays whether or not the probe was a success',
  probe_duration_seconds: 'Returns how long the probe took to complete in seconds',
  probe_ip_protocol: 'Specifies whether probe ip protocol is IP4 or IP6',
  probe_ip_addr_hash: "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
  probe_dns_lookup_time_seconds: 'Returns the time taken for probe dns lookup in seconds',
  probe_http_status_code: 'Response HTTP status code',
  probe_http_duration_seconds: 'Duration of http request by phase, summed over all redirects',
  probe_http_content_length: 'Length of http content response',
  probe_http_uncompressed_body_length: 'Length of uncompressed response body',
  probe_http_redirects: 'The number of redirects',
  probe_http_ssl: 'Indicates if SSL was used for the final redirect',
  probe_http_version: 'Returns the version of HTTP of the probe response',
  probe_failed_due_to_regex: 'Indicates if probe failed due to regex',
  probe_ssl_earliest_cert_expiry: 'Returns last SSL chain expiry in unixtime',
  probe_ssl_last_chain_expiry_timestamp_seconds: 'Returns last SSL chain expiry in timestamp',
  probe_ssl_last_chain_info: 'Contains SSL leaf certificate information',
  probe_tls_version_info: 'Returns the TLS version used or NaN when unknown',
  probe_dns_answer_rrs: 'Returns number of entries in the answer resource record list',
  vigil_probe_exec_exit_code: 'Exit status of the command of an exec probe; -1 when a signal ended it or it did not exit',
  vigil_probe_exec_output_bytes: 'Bytes the command of an exec probe wrote to stdout, counted up to where it was cut',
  vigil_probe_failure_info: `Why the probe failed: one of ${FAILURE_REASONS.join(', ')}`,
  vigil_probe_info: 'The configured target of a probe, without credentials or query string',
} as const;

export type ProbeFamilyName = keyof typeof PROBE_FAMILIES;

/** Samples of one probe run, labelled with the probe's name and kind. */
export class ProbeMetrics {
  // Keyed by family, then by the values of the extra labels: a probe sets a few dozen values,
  // hundreds of probes run per scrape, so this stays a plain map lookup.
  private readonly samples = new Map<ProbeFamilyName, Map<string, Sample>>();

  /** Families a probe's target reported itself (exec with `metrics: true`), labels already added. */
  readonly reported: MetricFamily[] = [];

  constructor(
    private readonly probe: string,
    private readonly kind: string,
  ) {}

  /** Sets a value; a second set with the same extra labels replaces the first. */
  set(name: ProbeFamilyName, value: number, extra?: Record<string, string>): void {
    let family = this.samples.get(name);
    if (!family) {
      family = new Map();
      this.samples.set(name, family);
    }
    const key = extra ? keyOf(extra) : '';
    const seen = family.get(key);
    if (seen) {
      seen.value = value;
      return;
    }
    family.set(key, { labels: extra ? { probe: this.probe, kind: this.kind, ...extra } : { probe: this.probe, kind: this.kind }, value });
  }

  /** Adds to a value (phase timings summed over redirects). */
  add(name: ProbeFamilyName, value: number, extra?: Record<string, string>): void {
    this.set(name, this.get(name, extra) + value, extra);
  }

  get(name: ProbeFamilyName, extra?: Record<string, string>): number {
    return this.samples.get(name)?.get(extra ? keyOf(extra) : '')?.value ?? 0;
  }

  entries(): Iterable<[ProbeFamilyName, Sample[]]> {
    return [...this.samples.entries()].map(([name, family]) => [name, [...family.values()]]);
  }
}

function keyOf(extra: Record<string, string>): string {
  let key = '';
  for (const k in extra) key += `${k}\u0000${extra[k]}\u0000`;
  return key;
}

/** One family per name across all probe runs, in the table's order. */
export function toFamilies(runs: readonly ProbeMetrics[]): MetricFamily[] {
  const byName = new Map<ProbeFamilyName, Sample[]>();
  for (const run of runs) {
    for (const [name, samples] of run.entries()) {
      const list = byName.get(name);
      if (list) list.push(...samples);
      else byName.set(name, [...samples]);
    }
  }
  const out: MetricFamily[] = [];
  for (const name of Object.keys(PROBE_FAMILIES) as ProbeFamilyName[]) {
    const samples = byName.get(name);
    if (samples) out.push(gauge(name, PROBE_FAMILIES[name], samples));
  }
  // Probes reporting one family share it; their `probe` labels keep the series apart. A type
  // that disagrees with the first probe's would be an invalid exposition: the first one wins.
  const reported = new Map<string, MetricFamily>();
  for (const run of runs) {
    for (const f of run.reported) {
      const seen = reported.get(f.name);
      if (!seen) reported.set(f.name, { ...f, samples: [...f.samples] });
      else if (seen.type === f.type) seen.samples.push(...f.samples);
    }
  }
  out.push(...reported.values());
  return out;
}
