// /proc/<pid>/cmdline: arguments separated by NUL. Trailing NULs are dropped (programs that
// rewrite their title pad with them) and inner empty arguments are kept, as process-exporter
// does, so a cmdline regex sees the same joined string in both exporters.

export function parseCmdline(text: string): string[] {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  if (end === 0) return [];
  return text.slice(0, end).split('\0');
}
