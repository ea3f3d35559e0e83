// Thresholds as people write them: 2GiB, 500MB, 250ms, 2s, 1h, "5%". Each is read into a
// plain number in the unit of the watched value (bytes, seconds, a 0-100 percentage or a 0-1
// fraction), and that number is what the rules, the generated tests and the dashboards use.
// A form that does not fit the unit is an error that says, in words, which forms do.
import type { Humanizer } from './catalog.js';
import { parseDuration } from './duration.js';

/** The unit of a watched value, as far as thresholds care. */
export type Unit = 'bytes' | 'seconds' | 'percent' | 'ratio' | 'none';
/** The units an alert on `expr:` (or a recording rule) may state with `unit:`. */
export const UNIT_NAMES = ['bytes', 'seconds', 'percent', 'ratio'] as const;
export type UnitName = (typeof UNIT_NAMES)[number];

/** How values of a unit are shown: Grafana's unit id and Prometheus's humanizer. */
export const UNIT_DISPLAY: Record<UnitName, { unit: string; humanize: Humanizer; suffix: string }> = {
  bytes: { unit: 'bytes', humanize: 'humanize1024', suffix: 'B' },
  seconds: { unit: 's', humanize: 'humanizeDuration', suffix: '' },
  percent: { unit: 'percent', humanize: 'humanize', suffix: '%' },
  ratio: { unit: 'percentunit', humanize: 'humanizePercentage', suffix: '' },
};

/** The threshold unit of a Grafana unit id of the catalog. */
export function unitOfGrafana(id: string | undefined): Unit {
  switch (id) {
    case 'bytes':
      return 'bytes';
    case 's':
      return 'seconds';
    case 'percent':
      return 'percent';
    case 'percentunit':
      return 'ratio';
    default:
      return 'none';
  }
}

const SI: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15, eb: 1e18 };
const IEC: Record<string, number> = { kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50, eib: 2 ** 60 };
const TIME: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const QUANTITY = /^(-?[0-9]+(?:\.[0-9]+)?)\s*([A-Za-zµ%]+)$/;

export type Reading = { ok: true; value: number } | { ok: false; message: string; hint: string; code: 'rules.unit' | 'rules.percent' };

/** Words for the forms a unit accepts, for the hint of an error. */
export function acceptedForms(unit: Unit, onExpr = false): string {
  switch (unit) {
    case 'bytes':
      return 'a size in bytes: a plain number, or a number with B, kB, MB, GB, TB, PB (powers of 1000) or KiB, MiB, GiB, TiB, PiB (powers of 1024), e.g. 2GiB or 500MB';
    case 'seconds':
      return 'a time in seconds: a plain number, or a number with ms, s, m, h, d or w, e.g. 250ms, 2s or 1.5h, or a duration such as 1h30m';
    case 'percent':
      return 'a percentage from 0 to 100 as a plain number, e.g. 99.5 (the value is already in percent, so without "%")';
    case 'ratio':
      return 'a fraction from 0 to 1, e.g. 0.05, or a percentage with "%", e.g. "5%"';
    case 'none':
      return onExpr
        ? 'a plain number; to write 2GiB, 250ms or "5%", say what the expression measures with `unit: bytes`, `seconds`, `percent` or `ratio`'
        : 'a plain number: this value has no unit';
  }
}

/**
 * A threshold in the watched value's unit. `what` names the value in messages
 * ("cpu_usage_percent", "this expression").
 */
export function readThreshold(v: number | string, unit: Unit, what: string, onExpr = false): Reading {
  if (typeof v === 'number') {
    if (unit === 'ratio' && Math.abs(v) > 1) {
      return {
        ok: false,
        code: 'rules.percent',
        message: `${v} is more than 1, but ${what} is a fraction from 0 to 1`,
        hint: `write ${v / 100} or "${v}%"; accepted: ${acceptedForms(unit)}`,
      };
    }
    return { ok: true, value: v };
  }
  const text = v.trim();
  const m = QUANTITY.exec(text);
  const duration = unit === 'seconds' ? parseDuration(text) : undefined;
  if (duration !== undefined) return { ok: true, value: duration / 1000 };
  if (!m) {
    return {
      ok: false,
      code: 'rules.unit',
      message: `"${v}" is not a number with a unit`,
      hint: `accepted: ${acceptedForms(unit, onExpr)}`,
    };
  }
  const n = Number(m[1]);
  const suffix = m[2]!;
  const lower = suffix.toLowerCase();
  if (suffix === '%') {
    if (unit === 'ratio') return { ok: true, value: n / 100 };
    if (unit === 'percent') {
      return {
        ok: false,
        code: 'rules.percent',
        message: `"${v}" is written as a share of 1, but ${what} is already a percentage from 0 to 100`,
        hint: `write ${n}; accepted: ${acceptedForms(unit)}`,
      };
    }
    return {
      ok: false,
      code: 'rules.percent',
      message: `"${v}" is a percentage, but ${what} is not a fraction`,
      hint: `accepted: ${acceptedForms(unit, onExpr)}`,
    };
  }
  if (unit === 'bytes' && (SI[lower] !== undefined || IEC[lower] !== undefined))
    return { ok: true, value: exact(n * (SI[lower] ?? IEC[lower]!)) };
  if (unit === 'seconds' && TIME[lower] !== undefined && (suffix === lower || lower === 'µs'))
    return { ok: true, value: exact(n * TIME[lower]!) };
  return {
    ok: false,
    code: 'rules.unit',
    message: `"${v}" does not fit ${what}, which is ${describeUnit(unit)}`,
    hint: `accepted: ${acceptedForms(unit, onExpr)}`,
  };
}

/** A value that is probably meant on the other scale: 0.8 on a 0-100 percentage. */
export function scaleDoubt(v: number | string, unit: Unit, what: string): string | undefined {
  if (unit !== 'percent' || typeof v !== 'number' || v === 0 || Math.abs(v) >= 1) return undefined;
  return `${v} on ${what} means ${v} percent, not ${Number((v * 100).toPrecision(12))} percent`;
}

function describeUnit(unit: Unit): string {
  switch (unit) {
    case 'bytes':
      return 'a size in bytes';
    case 'seconds':
      return 'a time in seconds';
    case 'percent':
      return 'a percentage from 0 to 100';
    case 'ratio':
      return 'a fraction from 0 to 1';
    case 'none':
      return 'a number without a unit';
  }
}

// 1.1 × 1e9 is 1100000000.0000002 in floating point; thresholds print as people wrote them.
function exact(n: number): number {
  return Number(n.toPrecision(15));
}

/** A `within` level or a plain threshold as a number: "14d" in seconds, "5%" as 0.05. */
export function toNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v.endsWith('%')) return parseFloat(v) / 100;
  return parseDuration(v)! / 1000;
}
