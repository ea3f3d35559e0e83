// /proc/<pid>/limits is a fixed-width table; the soft limit is the first number after the
// limit's name. "unlimited" becomes Infinity so the fd ratio reads 0, never NaN.

export function parseOpenFilesLimit(text: string): number | undefined {
  const at = text.indexOf('Max open files');
  if (at < 0) return undefined;
  const rest = text.slice(at + 'Max open files'.length).trimStart();
  const soft = rest.slice(0, rest.search(/\s|$/));
  if (soft === 'unlimited') return Infinity;
  const n = Number(soft);
  return Number.isFinite(n) && soft !== '' ? n : undefined;
}
