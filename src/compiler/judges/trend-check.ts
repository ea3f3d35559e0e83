// The trend judge's meaning checks: a trend predicts a crossing (above/below within H) or
// measures a speed (rising/falling faster than R per T), never both, and its numbers read in
// the watched value's unit; rate and increase need a plain counter selector.
import type { PathSegment } from '../../yaml/source.js';
import type { AlertUnit } from '../alert-unit.js';
import { plainSelector } from '../promql.js';
import type { Reporter } from '../report.js';
import type { AlertSpec } from '../spec.js';
import { readThreshold } from '../units.js';

export function checkTrend(r: Reporter, a: AlertSpec, path: PathSegment[], u: AlertUnit): void {
  const t = a.trend!;
  const predict = t.above !== undefined || t.below !== undefined;
  const speed = t.rising_faster_than !== undefined || t.falling_faster_than !== undefined;
  if (predict === speed) {
    r.error(
      'rules.trend',
      path,
      predict
        ? 'a trend either predicts a crossing or measures a speed, not both'
        : 'a trend needs above/below with within, or rising_faster_than/falling_faster_than with per',
      'e.g. trend: { below: 0, within: 4h } or trend: { rising_faster_than: 100, per: 1h }',
    );
    return;
  }
  if (predict && (t.above !== undefined) === (t.below !== undefined)) r.error('rules.trend', path, 'give one of above or below');
  if (predict && !t.within) r.error('rules.trend', path, 'a predicted crossing needs `within`', 'e.g. within: 4h');
  if (speed && (t.rising_faster_than !== undefined) === (t.falling_faster_than !== undefined))
    r.error('rules.trend', path, 'give one of rising_faster_than or falling_faster_than');
  if (speed && !t.per) r.error('rules.trend', path, 'a speed needs `per` (e.g. per: 1h)');
  if (t.using && t.using !== 'deriv' && !(a.expr && plainSelector(a.expr))) {
    r.error(
      'rules.trend-using',
      [...path, 'using'],
      `${t.using}() works on a counter: use \`expr\` with a plain counter selector`,
      'friendly metrics are gauges: use deriv',
    );
  }
  for (const k of ['above', 'below', 'rising_faster_than', 'falling_faster_than'] as const) {
    const v = t[k];
    if (v === undefined) continue;
    // A speed is a change per `per`: a plain number may exceed 1 on a fraction.
    if (typeof v === 'number' && k.endsWith('_than')) continue;
    const read = readThreshold(v, u.unit, u.what, u.onExpr);
    if (!read.ok) r.error(read.code, [...path, k], read.message, read.hint);
  }
}
