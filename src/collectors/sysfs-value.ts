// The sysfs attributes these collectors read each hold one integer, in decimal (or "0x..."
// hexadecimal for flag words). Number('') is 0 and Number('12abc') is NaN, so neither is
// used on the text directly: an empty or garbled attribute is a fault to report, never a
// fake 0 or a NaN in the exposition.
import { readTrimmed } from './read.js';

const DECIMAL = /^-?\d+$/;
const HEX = /^0x[0-9a-f]+$/i;

/** The integer in text, or an error naming the file and what it held. */
export function integerIn(text: string, where: string): number {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  if (HEX.test(t)) return parseInt(t.slice(2), 16);
  throw new Error(`${where} holds ${JSON.stringify(t.slice(0, 40))}, not an integer`);
}

/** The integer in the file, or undefined when the file does not exist. */
export function readInteger(path: string, where: string = path): number | undefined {
  const t = readTrimmed(path);
  return t === undefined ? undefined : integerIn(t, where);
}

/** The integer in a file that must be there. */
export function readRequiredInteger(path: string, where: string = path): number {
  const v = readInteger(path, where);
  if (v === undefined) throw new Error(`${where} is missing`);
  return v;
}

/** Errors a driver gives for an attribute it cannot answer now; the attribute is left out. */
const NOT_ANSWERED = new Set(['ENOENT', 'ENODATA', 'EAGAIN', 'EINVAL', 'EOPNOTSUPP', 'ENOTSUP', 'ENODEV', 'ENXIO']);

export function isNotAnswered(err: unknown): boolean {
  return NOT_ANSWERED.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** Directory entries named prefix + number, in numeric order (thermal_zone0, thermal_zone10, ...). */
export function numbered(entries: string[], prefix: string): { entry: string; number: string }[] {
  const re = new RegExp(`^${prefix}(\\d+)$`);
  return entries
    .map((entry) => ({ entry, number: re.exec(entry)?.[1] }))
    .filter((e): e is { entry: string; number: string } => e.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number));
}
