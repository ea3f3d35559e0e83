// One collector for every configured log. Each scrape first reads what each log gained since
// the last one (collect at scrape: no timer, and memory bounded by one read chunk plus one
// partial line per log), then serves the totals.
import type { Collector, CollectContext } from '../collectors/types.js';
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';
import type { LogSpec } from './config.js';
import { LogCounts } from './counts.js';
import { LineSplitter } from './lines.js';
import { parseJsonLine } from './parse-json.js';
import { parseTextLine } from './parse-text.js';
import type { RequestRecord } from './record.js';
import { Tailer } from './tail.js';

export const COLLECTOR_NAME = 'logs';

interface FollowedLog {
  counts: LogCounts;
  tailer: Tailer;
}

function lineParser(spec: LogSpec): (line: string) => RequestRecord | undefined {
  if (spec.format === 'json') return (line) => parseJsonLine(line, spec.fields, spec.durationScale);
  const format = spec.format;
  return (line) => parseTextLine(line, format);
}

function follow(spec: LogSpec): FollowedLog {
  const counts = new LogCounts(spec);
  const parse = lineParser(spec);
  const splitter = new LineSplitter({
    line(text) {
      const rec = parse(text);
      if (rec) counts.add(rec);
      else counts.unparsed++;
    },
    tooLong() {
      counts.tooLong++;
    },
  });
  const tailer = new Tailer(spec.path, splitter, {
    rotated(kind) {
      if (kind === 'rename') counts.renamed++;
      else counts.truncated++;
    },
    bytes(n) {
      counts.bytesRead += n;
    },
  });
  return { counts, tailer };
}

export class LogCollector implements Collector {
  readonly name = COLLECTOR_NAME;
  private readonly logs: FollowedLog[];
  /** Reads are chained: two scrapes at once must not read the same bytes twice. */
  private reading: Promise<void> = Promise.resolve();

  constructor(specs: readonly LogSpec[]) {
    this.logs = specs.map(follow);
  }

  /** Opens each log at its end, so that lines written before vigil started are not counted. */
  start(): Promise<void> {
    return this.read();
  }

  async collect(ctx: CollectContext): Promise<MetricFamily[]> {
    await this.read(ctx.signal);
    return this.families();
  }

  private read(signal?: AbortSignal): Promise<void> {
    // One log that cannot be read (permission denied) must not blank the others: its fault is
    // counted by errno code in vigil_log_read_errors_total and the rest are served.
    const next = this.reading.then(async () => {
      for (const l of this.logs) {
        try {
          await l.tailer.poll(signal);
        } catch (err) {
          const reason = /^E[A-Z]+$/.test(String((err as NodeJS.ErrnoException).code))
            ? String((err as NodeJS.ErrnoException).code)
            : 'other';
          l.counts.errors.set(reason, (l.counts.errors.get(reason) ?? 0) + 1);
        }
      }
    });
    this.reading = next.catch(() => undefined);
    return next;
  }

  families(): MetricFamily[] {
    const requests: Sample[] = [];
    const sizes: Sample[] = [];
    const durations: Sample[] = [];
    const upstreams: Sample[] = [];
    const lines: Sample[] = [];
    const dropped: Sample[] = [];
    const rotations: Sample[] = [];
    const present: Sample[] = [];
    const bytes: Sample[] = [];
    const errors: Sample[] = [];
    for (const { counts: c, tailer } of this.logs) {
      const log = c.spec.name;
      c.requestSamples(requests);
      c.sizeSamples(sizes);
      c.durationSamples(durations, 'request');
      c.durationSamples(upstreams, 'upstream');
      lines.push(
        { labels: { log, result: 'parsed' }, value: c.parsed },
        { labels: { log, result: 'unparsed' }, value: c.unparsed },
        { labels: { log, result: 'too_long' }, value: c.tooLong },
      );
      dropped.push({ labels: { log }, value: c.dropped });
      rotations.push({ labels: { log, kind: 'rename' }, value: c.renamed }, { labels: { log, kind: 'truncate' }, value: c.truncated });
      present.push({ labels: { log }, value: tailer.present ? 1 : 0 });
      bytes.push({ labels: { log }, value: c.bytesRead });
      for (const [reason, n] of c.errors) errors.push({ labels: { log, reason }, value: n });
    }
    return [
      counter('http_requests_total', 'Requests in the access log, by method and status code.', requests),
      {
        name: 'http_request_duration_seconds',
        help: 'Request durations from the access log ($request_time).',
        type: 'histogram',
        samples: durations,
      },
      {
        name: 'http_upstream_response_duration_seconds',
        help: 'Time spent in upstreams per request, from nginx $upstream_response_time.',
        type: 'histogram',
        samples: upstreams,
      },
      counter('http_response_size_bytes_total', 'Response body bytes in the access log, by method and status code.', sizes),
      counter(
        'vigil_log_lines_total',
        'Access log lines read, by result: parsed, unparsed (not the configured format), too_long (over 1 MiB, skipped).',
        lines,
      ),
      counter('vigil_log_series_dropped_total', 'Lines not counted because the log reached its max_series label sets.', dropped),
      counter('vigil_log_rotations_total', 'Rotations seen: rename (a new file at the path) or truncate (copytruncate).', rotations),
      gauge('vigil_log_file_present', 'Whether the log file exists (1) or not yet (0).', present),
      counter('vigil_log_read_bytes_total', 'Bytes read from the log file.', bytes),
      counter('vigil_log_read_errors_total', 'Reads of the log that failed, by errno code (EACCES, ELOOP, EIO, ...).', errors),
    ];
  }

  async close(): Promise<void> {
    await this.reading;
    for (const l of this.logs) await l.tailer.close();
  }
}
