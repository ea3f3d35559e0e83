// node_exporter labels the offset with the zone's abbreviation ("UTC", "CET", "CEST").
// Intl can tell it too, but touching ICU data costs ~8 MB of resident memory in an exporter
// whose whole budget is 80 MB. The TZif footer (RFC 8536 §3.3) holds a POSIX TZ string with
// both abbreviations; whether DST is in effect is what getTimezoneOffset() already knows.
import { join } from 'node:path';
import { readParsed } from './read.js';

/** The std and dst names of a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<-03>3". */
export function parsePosixTz(tz: string): { std: string; dst?: string } | undefined {
  const name = String.raw`(<[^>]+>|[A-Za-z]{3,})`;
  const offset = String.raw`[+-]?\d{1,2}(?::\d{2}){0,2}`;
  const m = new RegExp(`^${name}${offset}(?:${name})?`).exec(tz.trim());
  if (!m) return undefined;
  const clean = (s: string) => s.replace(/^<|>$/g, '');
  return m[2] ? { std: clean(m[1]!), dst: clean(m[2]) } : { std: clean(m[1]!) };
}

/** The footer line of a TZif v2+ file: the text between the last two newlines. */
export function tzifFooter(data: Buffer): string | undefined {
  if (data.subarray(0, 4).toString('latin1') !== 'TZif' || data[4] === 0) return undefined;
  const end = data.length - 1;
  if (data[end] !== 0x0a) return undefined;
  const start = data.lastIndexOf(0x0a, end - 1);
  return start < 0 ? undefined : data.subarray(start + 1, end).toString('latin1');
}

export function zoneFile(rootfs: string, tzEnv: string | undefined): string {
  if (tzEnv && !tzEnv.startsWith(':') && /^[A-Za-z0-9_+\-/]+$/.test(tzEnv) && !tzEnv.includes('..')) {
    return join(rootfs, 'usr/share/zoneinfo', tzEnv);
  }
  return join(rootfs, 'etc/localtime');
}

export function zoneAbbreviation(now: Date, rootfs = '/', tzEnv = process.env['TZ']): string {
  const names = readNames(rootfs, tzEnv);
  if (!names) return fallbackName(now);
  if (!names.dst) return names.std;
  const year = now.getFullYear();
  const standard = Math.max(new Date(year, 0, 1).getTimezoneOffset(), new Date(year, 6, 1).getTimezoneOffset());
  return now.getTimezoneOffset() < standard ? names.dst : names.std;
}

function zoneNames(data: Buffer): { std: string; dst?: string } | undefined {
  const footer = tzifFooter(data);
  return footer ? parsePosixTz(footer) : undefined;
}

function readNames(rootfs: string, tzEnv: string | undefined): { std: string; dst?: string } | undefined {
  // A TZ that is itself a POSIX string ("UTC0", "EST5EDT") needs no file.
  if (tzEnv && /\d/.test(tzEnv) && !tzEnv.includes('/')) return parsePosixTz(tzEnv);
  try {
    return readParsed(zoneFile(rootfs, tzEnv), zoneNames);
  } catch {
    return undefined;
  }
}

function fallbackName(now: Date): string {
  const off = -now.getTimezoneOffset();
  if (off === 0) return 'UTC';
  const sign = off > 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${a % 60 ? String(a % 60).padStart(2, '0') : ''}`;
}
