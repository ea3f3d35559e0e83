// What an exec probe's command printed, as metrics (`metrics: true`): the exposition text read
// back with the textfile collector's parser, then held to the rules that keep a script from
// passing its series off as vigil's. Pure: text in, families or the one problem found out.
import type { MetricFamily } from '../metrics/model.js';
import { ExpositionError, parseExpositionText } from '../metrics/parse-text.js';

/**
 * Prefixes of the families vigil itself serves, and of those Prometheus writes for every
 * target (`up`, `scrape_*`); a command may not report under them.
 */
export const RESERVED_PREFIXES = ['probe_', 'vigil_', 'node_', 'namedprocess_', 'scrape_'] as const;
const RESERVED_NAMES = new Set(['up']);

/** Labels vigil adds to every series of a probe; a command may not set them itself. */
const OWN_LABELS = ['probe', 'kind'] as const;

export type CommandOutput = { ok: true; families: MetricFamily[] } | { ok: false; problem: string };

/** The families of `text` with `probe` and `kind` added to every series, or why not. */
export function commandFamilies(text: string, probe: string, kind: string): CommandOutput {
  let parsed;
  try {
    parsed = parseExpositionText(text);
  } catch (err) {
    if (err instanceof ExpositionError) return { ok: false, problem: `stdout is not exposition text: ${err.message}` };
    throw err;
  }
  if (parsed.timestampLine !== undefined) {
    return { ok: false, problem: `stdout line ${parsed.timestampLine}: client-side timestamps are not supported` };
  }
  const families: MetricFamily[] = [];
  for (const f of parsed.families) {
    const prefix = RESERVED_PREFIXES.find((p) => f.name.startsWith(p));
    if (prefix) return { ok: false, problem: `stdout reports ${f.name}: names starting ${prefix} are vigil's or Prometheus's own` };
    if (RESERVED_NAMES.has(f.name))
      return { ok: false, problem: `stdout reports ${f.name}, which Prometheus writes itself for every target` };
    const samples = [];
    for (const s of f.samples) {
      const own = OWN_LABELS.find((l) => s.labels !== undefined && Object.hasOwn(s.labels, l));
      if (own) return { ok: false, problem: `stdout gives ${f.name} a ${own} label, which vigil sets itself` };
      samples.push({ ...s, labels: { ...s.labels, probe, kind } });
    }
    families.push({ ...f, help: f.help || 'Reported by the command of an exec probe', samples });
  }
  return { ok: true, families };
}
