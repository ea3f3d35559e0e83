// The `logs` entries, typed and checked. Shape errors are the schema's; this finds what needs
// the whole entry (a field label on a text format, buckets out of order, a reserved label).

export type LogFormat = 'combined' | 'common' | 'nginx_timed' | 'json';

export interface JsonFields {
  method: string;
  status: string;
  duration: string;
  size: string;
  request: string;
}

/** A configured label: a fixed value, or the value of a key of a json line. */
export type LabelSource = { value: string } | { field: string };

export interface LogSpec {
  name: string;
  path: string;
  format: LogFormat;
  fields: JsonFields;
  /** Multiplies a json duration into seconds. */
  durationScale: number;
  labels: ReadonlyArray<readonly [string, LabelSource]>;
  buckets: readonly number[];
  maxSeries: number;
}

export interface LogProblem {
  index: number;
  path: (string | number)[];
  code: string;
  message: string;
  hint?: string;
}

// prometheus_client's default buckets, which most request-duration dashboards were drawn for.
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
export const DEFAULT_MAX_SERIES = 1000;
const RESERVED = new Set(['log', 'method', 'code', 'le', 'result', 'kind', 'job', 'instance']);
const SCALE: Record<string, number> = { seconds: 1, milliseconds: 1e-3, microseconds: 1e-6 };

export function parseLogs(raw: unknown[]): { logs: LogSpec[]; problems: LogProblem[] } {
  const logs: LogSpec[] = [];
  const problems: LogProblem[] = [];
  const seen = new Map<string, number>();
  raw.forEach((entry, index) => {
    const e = entry as Record<string, unknown>;
    const name = String(e['name']);
    const format = e['format'] as LogFormat;
    const before = problems.length;
    if (seen.has(name)) {
      problems.push({
        index,
        path: ['name'],
        code: 'config-duplicate-log',
        message: `the name "${name}" is already used by logs[${seen.get(name)}]`,
        hint: 'every log needs its own name: it is the `log` label',
      });
    } else seen.set(name, index);
    if (format !== 'json') {
      for (const key of ['fields', 'duration_unit']) {
        if (e[key] !== undefined)
          problems.push({
            index,
            path: [key],
            code: 'config-log-json-only',
            message: `${key} is read only for format: json, and this log is ${format}`,
          });
      }
    }
    const labels: [string, LabelSource][] = [];
    for (const [label, v] of Object.entries((e['labels'] ?? {}) as Record<string, unknown>)) {
      if (RESERVED.has(label)) {
        problems.push({
          index,
          path: ['labels', label],
          code: 'config-log-reserved-label',
          message: `the label "${label}" is set by vigil itself`,
          hint: `choose another name than ${[...RESERVED].join(', ')}`,
        });
        continue;
      }
      if (typeof v === 'string') labels.push([label, { value: v }]);
      else {
        const field = String((v as { field: unknown }).field);
        if (format !== 'json') {
          problems.push({
            index,
            path: ['labels', label],
            code: 'config-log-json-only',
            message: `a label from a field needs format: json; a ${format} line has no named fields`,
            hint: `give a fixed value instead, e.g. ${label}: www.example.org`,
          });
          continue;
        }
        labels.push([label, { field }]);
      }
    }
    const buckets = (e['buckets'] as number[] | undefined) ?? DEFAULT_BUCKETS;
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]! > buckets[i - 1]!)) {
        problems.push({
          index,
          path: ['buckets', i],
          code: 'config-log-buckets',
          message: `buckets must increase: ${buckets[i]} follows ${buckets[i - 1]}`,
        });
        break;
      }
    }
    if (problems.length > before) return;
    const f = (e['fields'] ?? {}) as Partial<JsonFields>;
    logs.push({
      name,
      path: String(e['path']),
      format,
      fields: {
        method: f.method ?? 'method',
        status: f.status ?? 'status',
        duration: f.duration ?? 'request_time',
        size: f.size ?? 'body_bytes_sent',
        request: f.request ?? 'request',
      },
      durationScale: SCALE[String(e['duration_unit'] ?? 'seconds')] ?? 1,
      labels,
      buckets,
      maxSeries: (e['max_series'] as number | undefined) ?? DEFAULT_MAX_SERIES,
    });
  });
  return { logs, problems };
}
