// node_exporter's textfile collector: `*.prom` files that cron jobs and scripts write (Debian's
// prometheus-node-exporter-collectors, a backup's last success time) served with the host's
// metrics. A bad file is reported and skipped; it never takes the scrape or the other files down.
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gauge, type MetricFamily } from '../metrics/model.js';
import { ExpositionError, parseExpositionText } from '../metrics/parse-text.js';
import type { CollectorDefinition } from './types.js';

export interface TextfileOptions {
  directory?: string;
}

/** Larger files are refused: these are small status files, and the scrape must stay bounded. */
export const MAX_TEXTFILE_BYTES = 4 * 1024 * 1024;

export interface TextfileResult {
  families: MetricFamily[];
  /** file path → mtime (seconds) of each file that was served */
  mtimes: Map<string, number>;
  errors: string[];
}

export interface TextfileInput {
  path: string;
  text?: string;
  mtimeSeconds?: number;
  error?: string;
}

/** Pure: turns the files read into families, merging a family that several files share. */
export function textfileFamilies(files: TextfileInput[]): TextfileResult {
  const byName = new Map<string, { family: MetricFamily; files: string[]; keys: Set<string> }>();
  const mtimes = new Map<string, number>();
  const errors: string[] = [];
  const key = (s: MetricFamily['samples'][number]) =>
    `${s.suffix ?? ''}|${Object.entries(s.labels ?? {})
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\u0000')}`;
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (f.error !== undefined || f.text === undefined) {
      errors.push(`${f.path}: ${f.error ?? 'unreadable'}`);
      continue;
    }
    let parsed;
    try {
      parsed = parseExpositionText(f.text);
    } catch (err) {
      errors.push(`${f.path}: ${err instanceof ExpositionError ? err.message : String(err)}`);
      continue;
    }
    if (parsed.timestampLine !== undefined) {
      errors.push(`${f.path}: line ${parsed.timestampLine}: client-side timestamps are not supported; the whole file is skipped`);
      continue;
    }
    // A family another file already has must agree in type and add only new series, or
    // the whole file is refused (one file cannot half-apply).
    const clash = parsed.families
      .map((fam) => {
        const seen = byName.get(fam.name);
        if (!seen) return undefined;
        if (seen.family.type !== fam.type) return `${fam.name} is a ${fam.type} here but a ${seen.family.type} in ${seen.files[0]}`;
        if (fam.help && seen.family.help && fam.help !== seen.family.help) return `${fam.name} has a different HELP in ${seen.files[0]}`;
        const dup = fam.samples.find((s) => seen.keys.has(key(s)));
        return dup ? `${fam.name} repeats a series of ${seen.files[0]}` : undefined;
      })
      .find((c) => c !== undefined);
    if (clash) {
      errors.push(`${f.path}: ${clash}; the whole file is skipped`);
      continue;
    }
    for (const fam of parsed.families) {
      const seen = byName.get(fam.name);
      if (seen) {
        seen.family.samples.push(...fam.samples);
        seen.files.push(f.path);
        seen.family.help ||= fam.help;
        for (const s of fam.samples) seen.keys.add(key(s));
      } else {
        byName.set(fam.name, { family: { ...fam, samples: [...fam.samples] }, files: [f.path], keys: new Set(fam.samples.map(key)) });
      }
    }
    mtimes.set(f.path, f.mtimeSeconds ?? 0);
  }
  const families: MetricFamily[] = [];
  for (const { family, files: from } of byName.values()) {
    families.push(family.help ? family : { ...family, help: `Metric read from ${from.join(', ')}` });
  }
  return { families, mtimes, errors };
}

async function readOne(path: string): Promise<TextfileInput> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO named *.prom must not hang the scrape waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = await handle.stat();
    if (!st.isFile()) return { path, error: 'not a regular file' };
    if (st.size > MAX_TEXTFILE_BYTES) return { path, error: `${st.size} bytes, more than the ${MAX_TEXTFILE_BYTES} a textfile may have` };
    const buf = Buffer.alloc(Math.min(st.size + 1, MAX_TEXTFILE_BYTES + 1));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_TEXTFILE_BYTES) return { path, error: `grew past the ${MAX_TEXTFILE_BYTES} bytes a textfile may have` };
    return { path, text: buf.toString('utf8', 0, bytesRead), mtimeSeconds: Math.floor(st.mtimeMs / 1000) };
  } catch (err) {
    return { path, error: (err as Error).message };
  } finally {
    await handle?.close();
  }
}

export async function readTextfiles(directory: string): Promise<{ inputs: TextfileInput[]; dirError?: string }> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (err) {
    return { inputs: [], dirError: `${directory}: ${(err as Error).message}` };
  }
  const inputs = await Promise.all(
    names
      .filter((n) => n.endsWith('.prom'))
      .sort()
      .map((n) => readOne(join(directory, n))),
  );
  return { inputs };
}

export function textfileOutcome(result: TextfileResult, dirError?: string): MetricFamily[] {
  const failed = dirError !== undefined || result.errors.length > 0;
  const fams = [...result.families];
  if (result.mtimes.size) {
    fams.push(
      gauge(
        'node_textfile_mtime_seconds',
        'Unixtime mtime of textfiles successfully read.',
        [...result.mtimes].map(([file, value]) => ({ labels: { file }, value })),
      ),
    );
  }
  fams.push(
    gauge('node_textfile_scrape_error', '1 if there was an error opening or reading a file, 0 otherwise', [{ value: failed ? 1 : 0 }]),
  );
  return fams;
}

export const textfileCollector: CollectorDefinition<TextfileOptions> = {
  name: 'textfile',
  defaultEnabled: true,
  description: 'Metrics from *.prom files in collectors.textfile.directory (cron jobs, scripts)',
  create: ({ options, log }) => {
    const directory = options?.directory;
    let reported = '';
    // Without a directory the answer is always the same, and synchronous: no timer, no await.
    if (!directory) return { name: 'textfile', collect: () => textfileOutcome({ families: [], mtimes: new Map(), errors: [] }) };
    return {
      name: 'textfile',
      collect: async () => {
        const { inputs, dirError } = await readTextfiles(directory);
        const result = textfileFamilies(inputs);
        const problems = [...(dirError ? [dirError] : []), ...result.errors];
        // Said once per change, not on every scrape: a broken file stays broken until rewritten.
        const key = problems.join('\n');
        if (key !== reported) for (const p of problems) log?.warn('textfile skipped', { problem: p });
        reported = key;
        return textfileOutcome(result, dirError);
      },
    };
  },
};
