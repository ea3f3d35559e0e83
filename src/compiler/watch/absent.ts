// `absent: <selector>` or `absent: { metric, window }`: no series of a metric for a while,
// as absent_over_time over a window that is the whole wait (timing.ts). It compares itself
// (the result is 1) and keeps the labels its selector fixes.
import { formatDuration, parseDuration } from '../duration.js';
import { exposed, matcherFn, pick, vigilJob } from './shared.js';
import { plainSelector } from '../promql.js';
import { gauge, type InputSeries, type Labels } from '../series.js';
import type { SelectorSpec } from '../spec.js';
import { absenceWindowMs } from '../timing.js';
import type { WatchKind } from './types.js';

export const absent: WatchKind = {
  key: 'absent',
  modelKind: 'absence',
  condition: () => 'forbidden',
  modifiers: false,
  over: false,
  fixedLevel: () => ({ key: 'equal', value: 1 }),
  absence: true,
  summary: ({ src, on }) => `${src.what} is missing${on}`,
  description: ({ a, res, src }) =>
    `No series of ${src.what} for ${formatDuration(absenceWindowMs(a, res))}: the exporter, the scrape or the metric is gone.`,
  selectable: () => undefined,
  // A vigil metric missing is what a stopped vigil looks like; `absent: up` is about Prometheus.
  fromVigil: (a, sel) => {
    const plain = plainSelector(typeof a.absent === 'string' ? a.absent : a.absent!.metric);
    return !!plain && exposed(plain.metric) && vigilJob(plain.equal['job'] ?? sel['job']);
  },
  source: (a, sel, res) => {
    const spec = typeof a.absent === 'string' ? { metric: a.absent } : a.absent!;
    const plain = plainSelector(spec.metric)!;
    const window = formatDuration(absenceWindowMs(a, res ?? { forMs: 0, forExplicit: false }));
    // Labels the selector text already constrains keep their matcher: a second one for the same
    // label would stop absent_over_time() from carrying it into the alert.
    const extra: SelectorSpec = Object.fromEntries(
      Object.entries(sel).filter(([k]) => !(k in plain.equal) && !new RegExp(`[{,]\\s*${k}\\s*[=!]`).test(spec.metric)),
    );
    const selector = selectorWith(spec.metric, plain, extra);
    const kept = Object.keys({ ...plain.equal, ...exactOnly(extra) }).sort();
    return {
      watched: `absent_over_time(${selector}[${window}])`,
      kept,
      what: plain.metric,
      sample: (v, instance, steps) => {
        const labels = { instance, job: 'vigil', ...plain.equal, ...exactOnly(extra) };
        if (plain.others) return undefined;
        const missing = v(0) === 1;
        const series: InputSeries[] = missing ? [] : [gauge(plain.metric, labels, () => 1, steps)];
        return { sample: { series, value: () => (missing ? 1 : undefined) }, labels: pick({ ...plain.equal, ...exactOnly(extra) }, kept) };
      },
    };
  },
  check: ({ r, a, path, res, scrapeMs }) => {
    const metric = typeof a.absent === 'string' ? a.absent : a.absent!.metric;
    const p = typeof a.absent === 'string' ? [...path, 'absent'] : [...path, 'absent', 'metric'];
    if (!plainSelector(metric))
      r.error('rules.absent-selector', p, `"${metric}" is not a metric name or selector`, 'e.g. node_load1 or node_load1{job="vigil"}');
    if (typeof a.absent === 'object' && a.absent.window !== undefined && a.for !== undefined) {
      r.error(
        'rules.absent-for',
        [...path, 'for'],
        'absent: has both a window and a `for`; the window is the whole wait',
        'keep one: `absent: { window: 5m }` fires 5 minutes after the last sample',
        'key',
      );
    } else if (
      parseDuration(typeof a.absent === 'object' && a.absent.window ? a.absent.window : '5m') !== undefined &&
      absenceWindowMs(a, res) < 2 * scrapeMs
    ) {
      r.error(
        'rules.absent-window',
        typeof a.absent === 'object' && a.absent.window ? [...path, 'absent', 'window'] : [...path, 'for'],
        `absent: waits ${formatDuration(absenceWindowMs(a, res))}, less than 2 scrapes at a ${formatDuration(scrapeMs)} scrape interval`,
        'a single late scrape would fire it; wait at least 5m',
      );
    }
  },
};

/** The selector text with the alert's selector matchers added (those it does not name already). */
export function selectorWith(text: string, plain: { metric: string }, sel: SelectorSpec): string {
  const extra = matcherFn(sel)();
  if (!extra) return text.trim();
  const inner = extra.slice(1, -1);
  const t = text.trim();
  if (t.endsWith('}')) return `${t.slice(0, -1).trimEnd()}${t.endsWith('{}') ? '' : ', '}${inner}}`;
  return `${plain.metric}{${inner}}`;
}

export function exactOnly(sel: SelectorSpec): Labels {
  return Object.fromEntries(Object.entries(sel).filter(([, v]) => typeof v === 'string')) as Labels;
}
