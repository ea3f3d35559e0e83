// /proc/uptime: "seconds-since-boot idle-seconds". Converted to clock ticks so it compares
// exactly with a process's starttime from /proc/<pid>/stat.

export const USER_HZ = 100;

export function parseUptimeTicks(text: string): number | undefined {
  const first = text.trim().split(/\s+/)[0];
  const s = first ? Number(first) : NaN;
  // Two decimals in the file: round, since 0.29 * 100 is 28.999... in binary floating point.
  return Number.isFinite(s) ? Math.round(s * USER_HZ) : undefined;
}
