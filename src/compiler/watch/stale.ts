// `stale: { metric, older_than }`: a gauge that holds a Unix time (a job's last success,
// `job_last_success_timestamp_seconds`) is older than `older_than`, or has no series at all
// ("the nightly backup has not succeeded for 26 hours"). Like absent, the PromQL is the
// condition and `older_than` the whole wait: no comparison and no `for` are added. The value is
// the age in seconds, +Inf when the series is missing.
import { formatDuration, parseDuration } from '../duration.js';
import { plainSelector } from '../promql.js';
import type { SelectorSpec } from '../spec.js';
import { exactOnly, selectorWith } from './absent.js';
import { exposed, vigilJob } from './shared.js';
import type { WatchKind } from './types.js';

function parts(a: { stale?: { metric: string; older_than: string } }, sel: SelectorSpec) {
  const spec = a.stale!;
  const plain = plainSelector(spec.metric)!;
  const extra: SelectorSpec = Object.fromEntries(
    Object.entries(sel).filter(([k]) => !(k in plain.equal) && !new RegExp(`[{,]\\s*${k}\\s*[=!]`).test(spec.metric)),
  );
  return { spec, plain, extra, selector: selectorWith(spec.metric, plain, extra) };
}

export const stale: WatchKind = {
  key: 'stale',
  modelKind: 'absence',
  condition: () => 'forbidden',
  modifiers: false,
  over: false,
  fixedLevel: () => ({ key: 'equal', value: 1 }),
  absence: true,
  summary: ({ a, src, on }) =>
    `${src.what}${on} is older than ${a.stale!.older_than} ({{ $value | humanizeDuration }}; +Inf: never reported)`,
  description: ({ a, src }) =>
    `${src.what} holds a Unix time (a job's last success); fires when it is older than ${a.stale!.older_than}, or when it has no series at all.`,
  selectable: () => undefined,
  fromVigil: (a, sel) => {
    const plain = plainSelector(a.stale!.metric);
    return !!plain && exposed(plain.metric) && vigilJob(plain.equal['job'] ?? sel['job']);
  },
  source: (a, sel) => {
    const { spec, plain, extra, selector } = parts(a, sel);
    const seconds = parseDuration(spec.older_than)! / 1000;
    const kept = Object.keys({ ...plain.equal, ...exactOnly(extra) }).sort();
    return {
      // absent() carries the selector's equality matchers, so a missing series fires with the
      // same labels the present one would have.
      watched: `(time() - ${selector} > ${seconds}) or (absent(${selector}) * +Inf)`,
      kept,
      what: plain.metric,
      unit: 's',
      noTest: 'vigil cannot make up timestamps: add `examples:` (a success at 0 and an eval time past older_than)',
    };
  },
  check: ({ r, a, path, scrapeMs }) => {
    const s = a.stale!;
    if (!plainSelector(s.metric))
      r.error(
        'rules.stale-selector',
        [...path, 'stale', 'metric'],
        `"${s.metric}" is not a metric name or selector`,
        'e.g. job_last_success_timestamp_seconds{job="backup"}',
      );
    if (a.for !== undefined)
      r.error(
        'rules.stale-for',
        [...path, 'for'],
        'stale: has a `for`; older_than is the whole wait',
        'drop `for`: `older_than: 26h` fires 26 hours after the last success',
        'key',
      );
    const ms = parseDuration(s.older_than);
    if (ms !== undefined && ms < 2 * scrapeMs) {
      r.error(
        'rules.stale-age',
        [...path, 'stale', 'older_than'],
        `stale: fires at an age of ${formatDuration(ms)}, less than 2 scrapes at a ${formatDuration(scrapeMs)} scrape interval`,
        'the value is rewritten at most once a scrape; use hours for a daily job',
      );
    }
  },
};
